/**
 * A deployment is run by whoever holds its lease. Taking it is one conditional UPDATE (only when nobody holds an
 * unexpired one), so two runners — a BullMQ job that survived a kill and the sweep's fresh one — never run the
 * same deployment together. The holder renews it while running; a killed process stops renewing, the lease
 * expires and the sweep (sweep-deployments.ts) hands the deployment to another runner, which resumes it.
 */
import { randomUUID } from "node:crypto";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";

/** Long enough to survive a slow query or a GC pause; short enough that a killed deploy resumes soon. */
export const LEASE_MS = 20_000;
export const RENEW_EVERY_MS = 5_000;

export interface Lease {
	readonly owner: string;
	/** False once a renewal found the lease taken or the deployment finished: the runner must stop. */
	readonly held: boolean;
	/** Renews now (the timer does it every RENEW_EVERY_MS); false once the lease is lost. */
	renew(): Promise<boolean>;
	stop(): Promise<void>;
}

/** Takes the lease (and moves queued → running); undefined when someone else holds it or it is finished. */
export async function takeLease(db: Sequelize, tenantId: string, deploymentId: string): Promise<Lease | undefined> {
	const owner = randomUUID();
	const rows = await withTenant(db, tenantId, (transaction) =>
		db.query<{ id: string }>(
			`UPDATE deployments SET lease_owner = $3, lease_until = now() + ($4::integer * interval '1 millisecond'), status = 'running', started_at = coalesce(started_at, now())
			 WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
			 RETURNING id`,
			{ bind: [tenantId, deploymentId, owner, LEASE_MS], type: QueryTypes.SELECT, transaction },
		),
	);
	if (rows.length === 0) return undefined;
	let held = true;
	const renew = async () => {
		try {
			const renewed = await withTenant(db, tenantId, (transaction) =>
				db.query<{ id: string }>(
					`UPDATE deployments SET lease_until = now() + ($4::integer * interval '1 millisecond')
					 WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND status = 'running' RETURNING id`,
					{ bind: [tenantId, deploymentId, owner, LEASE_MS], type: QueryTypes.SELECT, transaction },
				),
			);
			if (renewed.length === 0) held = false;
		} catch {
			// A failed renewal is not a lost lease yet; the next one tries again before it expires.
		}
		return held;
	};
	const timer = setInterval(() => void renew(), RENEW_EVERY_MS);
	timer.unref();
	return {
		owner,
		get held() {
			return held;
		},
		renew,
		async stop() {
			clearInterval(timer);
			held = false;
			// Let go at once (a retry of the job, or the sweep, may take it without waiting for expiry).
			await withTenant(db, tenantId, (transaction) =>
				db.query("UPDATE deployments SET lease_until = NULL, lease_owner = NULL WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3", {
					bind: [tenantId, deploymentId, owner],
					transaction,
				}),
			).catch(() => undefined);
		},
	};
}

export class LeaseLostError extends Error {
	constructor(deploymentId: string) {
		super(`Deployment ${deploymentId}: another runner took over (this one lost its lease); stopping without touching it`);
		this.name = "LeaseLostError";
	}
}
