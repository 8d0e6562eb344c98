import type { PrivacyRequest } from "@toolboxai/shared";
import type { Logger } from "pino";
import { QueryTypes, type Sequelize } from "sequelize";
import { systemCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import { BACKUP_RETENTION_TEXT } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import { loadRequest, loadSteps, type RequestRow, type StepRow } from "../requests/request-row";
import type { StepOutcome } from "./pipeline-step";
import { keptOnPurpose, pipelineFor } from "./pipelines";

/** A step another runner claimed less than this long ago is left to it (a runner that died frees it after). */
const STEP_LEASE_MINUTES = 30;

export class StepBusyError extends Error {
	constructor(step: string) {
		super(`Step ${step} is being run by another worker; trying again later.`);
		this.name = "StepBusyError";
	}
}

/**
 * Runs a request's pipeline from its first step that is not done: each step is claimed, run, and recorded with its
 * outcome (or its error, after which the job's retry resumes at that step). When every step is done the request is
 * completed with its proof report, in one transaction, exactly once. Requests already completed, routed, or without
 * a pipeline are left as they are.
 */
export async function runRequest(deps: PrivacyDeps, input: { readonly tenantId: string; readonly requestId: string }, logger: Logger = deps.logger): Promise<void> {
	const db = deps.infra.db;
	const request = await withTenant(db, input.tenantId, (transaction) => loadRequest(db, transaction, input.requestId));
	if (request === undefined || request.status === "completed" || request.status === "routed") return;
	const pipeline = pipelineFor(request.kind, request.subject_kind);
	if (pipeline === undefined) return;
	await withTenant(db, input.tenantId, (transaction) =>
		db.query("UPDATE privacy_requests SET status = 'in_progress', updated_at = now() WHERE id = $1 AND status IN ('received', 'failed')", { bind: [request.id], transaction }),
	);
	const earlier: Record<string, StepOutcome> = {};
	const recorded = await withTenant(db, input.tenantId, (transaction) => loadSteps(db, transaction, [request.id]));
	for (const [position, step] of pipeline.entries()) {
		const record = recorded.find((row) => row.position === position);
		if (record?.status === "done") {
			earlier[step.name] = record.outcome ?? {};
			continue;
		}
		await claim(db, request, position, step.name);
		try {
			const outcome = await step.run({ deps, request, earlier, logger });
			await withTenant(db, input.tenantId, (transaction) =>
				db.query("UPDATE privacy_request_steps SET status = 'done', outcome = $3::jsonb, error = NULL, finished_at = now() WHERE request_id = $1 AND position = $2", {
					bind: [request.id, position, JSON.stringify(outcome)],
					transaction,
				}),
			);
			earlier[step.name] = outcome;
		} catch (error) {
			const message = error instanceof AppError ? error.message : "The step failed unexpectedly; it is retried automatically.";
			logger.warn({ err: error, requestId: request.id, step: step.name }, "privacy request step failed; it will be retried");
			await withTenant(db, input.tenantId, (transaction) =>
				db.query("UPDATE privacy_request_steps SET status = 'failed', error = $3, finished_at = now() WHERE request_id = $1 AND position = $2", {
					bind: [request.id, position, message.slice(0, 1000)],
					transaction,
				}),
			);
			throw error;
		}
	}
	await complete(db, request);
}

/** Takes the step for this runner (pending, failed, or running past its lease), counting the attempt. */
async function claim(db: Sequelize, request: RequestRow, position: number, name: string): Promise<void> {
	const claimed = await withTenant(db, request.tenant_id, (transaction) =>
		db.query<{ position: number }>(
			`INSERT INTO privacy_request_steps (tenant_id, request_id, position, name, status, attempts, started_at)
			 VALUES ($1, $2, $3, $4, 'running', 1, now())
			 ON CONFLICT (request_id, position) DO UPDATE SET status = 'running', attempts = privacy_request_steps.attempts + 1, started_at = now(), error = NULL
			 WHERE privacy_request_steps.status IN ('pending', 'failed')
			    OR (privacy_request_steps.status = 'running' AND privacy_request_steps.started_at < now() - make_interval(mins => $5))
			 RETURNING position`,
			{ bind: [request.tenant_id, request.id, position, name, STEP_LEASE_MINUTES], type: QueryTypes.SELECT, transaction },
		),
	);
	if (claimed.length === 0) throw new StepBusyError(name);
}

async function complete(db: Sequelize, request: RequestRow): Promise<void> {
	await withTenant(db, request.tenant_id, async (transaction) => {
		const steps = await loadSteps(db, transaction, [request.id]);
		const [done] = await db.query<{ completed_at: string }>(
			`UPDATE privacy_requests SET status = 'completed', completed_at = now(), updated_at = now(), proof = $2::jsonb
			 WHERE id = $1 AND status <> 'completed'
			 RETURNING to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed_at`,
			{ bind: [request.id, JSON.stringify(proofOf(request, steps, new Date().toISOString()))], type: QueryTypes.SELECT, transaction },
		);
		if (done === undefined) return;
		await recordAudit(
			db,
			{
				action: "privacy.request_completed",
				...auditedBy(systemCaller(request.tenant_id, "privacy")),
				targetType: "privacy_request",
				targetId: request.id,
				details: { kind: request.kind, subjectKind: request.subject_kind, ...(request.subject_user_id === null ? {} : { userId: request.subject_user_id }) },
			},
			{ transaction },
		);
	});
}

/** The proof report: the subject pseudonymously, each step's outcome, what backups still hold and what was kept. */
export function proofOf(request: RequestRow, steps: ReadonlyArray<StepRow>, completedAt: string): NonNullable<PrivacyRequest["proof"]> {
	const subject =
		request.subject_kind === "school"
			? "the whole school"
			: request.subject_roblox_user_id !== null
				? `the student with Roblox UserId ${request.subject_roblox_user_id}`
				: `the ${request.subject_kind === "staff" ? "staff member" : "student"} with member id ${request.subject_user_id ?? "unknown"}`;
	return {
		requestId: request.id,
		kind: request.kind,
		subject,
		receivedAt: request.received_at,
		completedAt,
		steps: steps.map((step) => ({ name: step.name, finishedAt: step.finished_at ?? completedAt, outcome: step.outcome ?? {} })),
		backupRetention: BACKUP_RETENTION_TEXT,
		kept: keptOnPurpose(request.kind),
	};
}
