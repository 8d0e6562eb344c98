import type { Transaction } from "sequelize";
import { enqueueWithOutbox } from "../../../jobs/outbox";
import { PRIVACY_RUN_REQUEST } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import type { RunRequestPayload } from "../pipeline/run-request-job";

/** Queues the request's runner with the change that causes it (the outbox); `attempt` makes a retry a new job. */
export async function enqueueRun(deps: PrivacyDeps, payload: RunRequestPayload, attempt: string, transaction: Transaction): Promise<void> {
	await enqueueWithOutbox(
		{ db: deps.infra.db, queue: deps.infra.queue, logger: deps.logger },
		{ name: PRIVACY_RUN_REQUEST, payload, idempotencyKey: `privacy-request:${payload.requestId}:${attempt}` },
		{ transaction },
	);
}
