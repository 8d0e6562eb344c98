import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes: single use and short-lived, so a plain SHA-256 at rest is enough (nothing to guess). */
export function generateInvitationToken(): { token: string; hash: Buffer } {
	const token = `inv_${randomBytes(32).toString("base64url")}`;
	return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): Buffer {
	return createHash("sha256").update(token, "utf8").digest();
}

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
