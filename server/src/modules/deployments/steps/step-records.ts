/** Recording a deployment's steps (deployment_steps): each start, progress and end is written as it happens. */
import { DEPLOYMENT_STEPS, type DeploymentStepName } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { StepRow } from "../deployment-record";

export async function insertPendingSteps(db: Sequelize, transaction: Transaction, tenantId: string, deploymentId: string): Promise<void> {
	await db.query(
		`INSERT INTO deployment_steps (tenant_id, deployment_id, position, name, status)
		 SELECT $1, $2, position, name, 'pending' FROM unnest($3::text[]) WITH ORDINALITY AS s (name, position)`,
		{ bind: [tenantId, deploymentId, [...DEPLOYMENT_STEPS]], transaction },
	);
}

export async function readStepRows(db: Sequelize, transaction: Transaction, deploymentId: string): Promise<Map<DeploymentStepName, StepRow>> {
	const rows = await db.query<StepRow>("SELECT deployment_id, name, status, done, total, detail, started_at, finished_at FROM deployment_steps WHERE deployment_id = $1", {
		bind: [deploymentId],
		type: QueryTypes.SELECT,
		transaction,
	});
	return new Map(rows.map((row) => [row.name, row]));
}

export interface StepUpdate {
	readonly status?: StepRow["status"];
	readonly done?: number;
	readonly total?: number;
	readonly detail?: string;
}

/** Sets what is given; running stamps started_at once, done/skipped/failed stamp finished_at. */
export async function updateStep(db: Sequelize, transaction: Transaction, deploymentId: string, name: DeploymentStepName, update: StepUpdate): Promise<void> {
	await db.query(
		`UPDATE deployment_steps SET
			status = coalesce($3, status),
			done = coalesce($4, done),
			total = coalesce($5, total),
			detail = coalesce($6, detail),
			started_at = CASE WHEN $3 IS NOT NULL THEN coalesce(started_at, now()) ELSE started_at END,
			finished_at = CASE WHEN $3 IN ('done', 'skipped', 'failed') THEN now() ELSE finished_at END
		 WHERE deployment_id = $1 AND name = $2`,
		{ bind: [deploymentId, name, update.status ?? null, update.done ?? null, update.total ?? null, update.detail?.slice(0, 500) ?? null], transaction },
	);
}
