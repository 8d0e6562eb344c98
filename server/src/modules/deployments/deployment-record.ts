/** Deployments as stored (deployments + deployment_steps) and as the Deployment contract shows them. */
import { DEPLOYMENT_STEPS, type Deployment, type DeploymentStatus, type DeploymentStep, type DeploymentStepName } from "@toolboxai/shared";
import { notFound } from "../../errors/app-error";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

export interface DeploymentRow {
	readonly id: string;
	readonly tenant_id: string;
	readonly environment_id: string;
	readonly environment_name: string;
	readonly release_id: string;
	readonly release_number: number;
	readonly kind: "deploy" | "rollback";
	readonly rollback_of: string | null;
	readonly status: DeploymentStatus;
	readonly dry_run: boolean;
	readonly force: boolean;
	readonly place_version: number | null;
	readonly error: { code: string; message: string } | null;
	readonly created_by_user_id: string | null;
	readonly created_at: Date;
	readonly started_at: Date | null;
	readonly finished_at: Date | null;
	/** created_at as Postgres prints it (microseconds), for the list cursor. */
	readonly created_at_exact: string;
}

export const DEPLOYMENT_SELECT = `SELECT d.id, d.tenant_id, d.environment_id, e.name AS environment_name, d.release_id, r.number AS release_number, d.kind, d.rollback_of,
	d.status, d.dry_run, d.force, d.place_version, d.error, d.created_by_user_id, d.created_at, d.started_at, d.finished_at,
	to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
	FROM deployments d JOIN deployment_environments e ON e.id = d.environment_id JOIN releases r ON r.id = d.release_id`;

export interface StepRow {
	readonly deployment_id: string;
	readonly name: DeploymentStepName;
	readonly status: DeploymentStep["status"];
	readonly done: number;
	readonly total: number;
	readonly detail: string | null;
	readonly started_at: Date | null;
	readonly finished_at: Date | null;
}

function toStep(row: StepRow): DeploymentStep {
	return {
		name: row.name,
		status: row.status,
		done: row.done,
		total: row.total,
		...(row.detail === null ? {} : { detail: row.detail.slice(0, 500) }),
		...(row.started_at === null ? {} : { startedAt: row.started_at.toISOString() }),
		...(row.finished_at === null ? {} : { finishedAt: row.finished_at.toISOString() }),
	};
}

export function toDeployment(row: DeploymentRow, steps: ReadonlyArray<StepRow>): Deployment {
	const order = (name: DeploymentStepName) => DEPLOYMENT_STEPS.indexOf(name);
	return {
		id: row.id,
		environment: row.environment_name,
		environmentId: row.environment_id,
		releaseId: row.release_id,
		releaseNumber: row.release_number,
		kind: row.kind,
		...(row.rollback_of === null ? {} : { rollbackOf: row.rollback_of }),
		status: row.status,
		dryRun: row.dry_run,
		steps: [...steps].sort((a, b) => order(a.name) - order(b.name)).map(toStep),
		...(row.place_version === null ? {} : { placeVersion: row.place_version }),
		...(row.error === null ? {} : { error: { code: row.error.code.slice(0, 64), message: row.error.message.slice(0, 1000) } }),
		...(row.created_by_user_id === null ? {} : { createdByUserId: row.created_by_user_id }),
		createdAt: row.created_at.toISOString(),
		...(row.started_at === null ? {} : { startedAt: row.started_at.toISOString() }),
		...(row.finished_at === null ? {} : { finishedAt: row.finished_at.toISOString() }),
	};
}

const STEP_COLUMNS = "deployment_id, name, status, done, total, detail, started_at, finished_at";

/** Deployments by id with their steps, in the order of `rows`. */
export async function withSteps(db: Sequelize, transaction: Transaction, rows: ReadonlyArray<DeploymentRow>): Promise<Deployment[]> {
	if (rows.length === 0) return [];
	const steps = await db.query<StepRow>(`SELECT ${STEP_COLUMNS} FROM deployment_steps WHERE deployment_id = ANY($1::uuid[])`, {
		bind: [rows.map((row) => row.id)],
		type: QueryTypes.SELECT,
		transaction,
	});
	return rows.map((row) =>
		toDeployment(
			row,
			steps.filter((step) => step.deployment_id === row.id),
		),
	);
}

export async function readDeploymentRow(db: Sequelize, transaction: Transaction, tenantId: string, deploymentId: string): Promise<DeploymentRow> {
	const [row] = await db.query<DeploymentRow>(`${DEPLOYMENT_SELECT} WHERE d.tenant_id = $1 AND d.id = $2`, {
		bind: [tenantId, deploymentId],
		type: QueryTypes.SELECT,
		transaction,
	});
	if (row === undefined) throw notFound("deployment");
	return row;
}

export async function readDeployment(db: Sequelize, transaction: Transaction, tenantId: string, deploymentId: string): Promise<Deployment> {
	const [deployment] = await withSteps(db, transaction, [await readDeploymentRow(db, transaction, tenantId, deploymentId)]);
	return deployment as Deployment;
}
