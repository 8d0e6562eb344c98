import type { RequestKind, SubjectKind } from "../requests/request-row";
import type { PipelineStep } from "./pipeline-step";
import { applyRestrictionStep } from "./steps/apply-restriction";
import { buildArchiveStep } from "./steps/build-archive";
import { notifyExportReadyStep } from "./steps/notify-export-ready";

/**
 * The ordered steps each kind of request runs. A kind without a pipeline (rectification: a staff member corrects the
 * name or address on the members page; erasure until its steps exist) is recorded and waits for the school.
 * Erasure, retention and the Roblox webhook add their steps here: the runner, the step records and the proof report
 * stay the same.
 */
export function pipelineFor(kind: RequestKind, subject: SubjectKind): ReadonlyArray<PipelineStep> | undefined {
	if (kind === "access") return [buildArchiveStep, notifyExportReadyStep];
	if (kind === "restriction" && subject === "student") return [applyRestrictionStep];
	return undefined;
}

/** What the proof report says was kept on purpose, per kind. */
export function keptOnPurpose(kind: RequestKind): string[] {
	if (kind === "access") return ["Nothing was changed or removed: an export only copies data."];
	if (kind === "restriction") return ["The student's data is kept unchanged; new progress from the game is no longer recorded until the school lifts the restriction."];
	return [];
}
