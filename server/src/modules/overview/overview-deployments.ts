import { OVERVIEW_ENVIRONMENTS_MAX, type DeploymentStatus, type OverviewDeployment } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

interface Row {
	environment_id: string;
	environment_name: string;
	id: string | null;
	kind: "deploy" | "rollback" | null;
	status: DeploymentStatus | null;
	release_number: number | null;
	created_at: Date | null;
	finished_at: Date | null;
}

/**
 * Each environment of the school (by name) with its last deployment, dry runs left out: a dry run changes nothing
 * in Roblox, so it is not what an environment runs. An environment never deployed has no `last`.
 */
export async function lastDeployments(db: Sequelize, transaction: Transaction, tenantId: string): Promise<OverviewDeployment[]> {
	const rows = await db.query<Row>(
		`SELECT e.id AS environment_id, e.name AS environment_name, d.id, d.kind, d.status, r.number AS release_number, d.created_at, d.finished_at
		 FROM deployment_environments e
		 LEFT JOIN LATERAL (
			SELECT id, kind, status, release_id, created_at, finished_at FROM deployments
			WHERE tenant_id = e.tenant_id AND environment_id = e.id AND NOT dry_run
			ORDER BY created_at DESC, id DESC
			LIMIT 1
		 ) d ON true
		 LEFT JOIN releases r ON r.tenant_id = e.tenant_id AND r.id = d.release_id
		 WHERE e.tenant_id = $1 AND e.deleted_at IS NULL
		 ORDER BY e.name
		 LIMIT $2`,
		{ bind: [tenantId, OVERVIEW_ENVIRONMENTS_MAX], type: QueryTypes.SELECT, transaction },
	);
	return rows.map((row) => ({
		environmentId: row.environment_id,
		environmentName: row.environment_name,
		...(row.id === null || row.kind === null || row.status === null || row.release_number === null || row.created_at === null
			? {}
			: {
					last: {
						id: row.id,
						kind: row.kind,
						status: row.status,
						releaseNumber: row.release_number,
						createdAt: new Date(row.created_at).toISOString(),
						...(row.finished_at === null ? {} : { finishedAt: new Date(row.finished_at).toISOString() }),
					},
				}),
	}));
}
