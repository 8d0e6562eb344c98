/**
 * Resumes deployments whose runner died. A killed process loses its in-process jobs (and a BullMQ job may be
 * stuck until its own stall check): any queued or running deployment whose lease expired — or that never got one
 * within a grace period — is enqueued again. The new job takes the lease and resumes from the recorded steps; a
 * surviving old job finds the lease taken and does nothing. Runs at start and then periodically.
 */
import { QueryTypes } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import type { DeploymentSweepDeps } from "../deployment-deps";
import { DEPLOYMENT_RUN } from "./define-deployment-job";

/** A queued deployment normally starts within this; after it the sweep enqueues it again (harmless if both run). */
export const QUEUED_GRACE_MS = 10_000;
export const SWEEP_EVERY_MS = 10_000;

export async function sweepDeployments(deps: DeploymentSweepDeps): Promise<{ resumed: string[]; nextLeaseExpiryMs?: number }> {
	const { db, queue } = deps.infra;
	// Across schools (the system role): nobody's request is behind this.
	const rows = await withSystem(db, (transaction) =>
		db.query<{ id: string; tenant_id: string; stamp: string; expired: boolean; wait_ms: number | null }>(
			`SELECT id, tenant_id, extract(epoch FROM coalesce(lease_until, created_at))::text AS stamp,
				(coalesce(lease_until, created_at + ($1::integer * interval '1 millisecond')) < now()) AS expired,
				(extract(epoch FROM (lease_until - now())) * 1000)::integer AS wait_ms
			 FROM deployments WHERE status IN ('queued', 'running')`,
			{ bind: [QUEUED_GRACE_MS], type: QueryTypes.SELECT, transaction },
		),
	);
	const resumed: string[] = [];
	for (const row of rows.filter((r) => r.expired)) {
		// A new key per expired lease: the first job's key still dedupes, and two sweepers enqueue this one once.
		await queue.enqueue(DEPLOYMENT_RUN, { tenantId: row.tenant_id, deploymentId: row.id }, { idempotencyKey: `${row.id}/resume-${row.stamp}` });
		resumed.push(row.id);
	}
	if (resumed.length > 0) deps.logger.info({ deployments: resumed }, "resuming deployments whose runner stopped");
	const waits = rows.filter((r) => !r.expired && r.wait_ms !== null).map((r) => r.wait_ms as number);
	return { resumed, ...(waits.length === 0 ? {} : { nextLeaseExpiryMs: Math.min(...waits) }) };
}

/** Sweeps now and then every SWEEP_EVERY_MS (sooner when a lease is about to expire); returns how to stop. */
export function startDeploymentSweeper(deps: DeploymentSweepDeps): () => void {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	const tick = async () => {
		let delay = SWEEP_EVERY_MS;
		try {
			const { nextLeaseExpiryMs } = await sweepDeployments(deps);
			if (nextLeaseExpiryMs !== undefined) delay = Math.max(200, Math.min(delay, nextLeaseExpiryMs + 200));
		} catch (error) {
			if (!stopped) deps.logger.warn({ err: error }, "deployment sweep failed; trying again later");
		}
		if (!stopped) {
			timer = setTimeout(() => void tick(), delay);
			timer.unref();
		}
	};
	void tick();
	return () => {
		stopped = true;
		if (timer !== undefined) clearTimeout(timer);
	};
}
