import { createHash } from "node:crypto";

/**
 * The school's authorisation that stands in for parents' consent (COPPA, as the FTC's guidance on schools allows):
 * the school consents for its students, for the school's own educational use only. A new wording gets a new version:
 * attestations of an older version then read as out of date on the Privacy page.
 */
export const CONSENT_NOTICE_VERSION = "2026-12-01";

export const CONSENT_TEXT = `On behalf of the school, and in place of parents, I authorise ToolBoxAI to collect and use students' Roblox UserIds, display names, class memberships, lesson progress and answers, only to provide ToolBoxAI to the school and for no other commercial purpose (no advertising, no profiles, no sale). I confirm that the school has given parents the notice it must give, that I am entitled to decide this for the school, and that the school may review, correct or have deleted its students' data at any time from the Privacy page.`;

export const CONSENT_TEXT_SHA256 = createHash("sha256").update(CONSENT_TEXT, "utf8").digest("hex");
