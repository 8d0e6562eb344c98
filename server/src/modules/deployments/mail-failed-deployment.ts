import { QueryTypes, type Transaction } from "sequelize";
import { queueMail } from "../mail";
import type { DeploymentJobDeps } from "./deployment-deps";

/**
 * Tells the person who started a deployment that it failed, in the transaction that records the failure (so the
 * mail goes once, with the failure). A deployment started by an API key (CI) has nobody to mail: its pipeline sees
 * the failure itself.
 */
export async function mailFailedDeployment(deps: DeploymentJobDeps, input: { tenantId: string; deploymentId: string; error: string }, transaction: Transaction): Promise<void> {
	const { db } = deps.infra;
	const [row] = await db.query<{ email: string | null; environment: string; release_number: number | null; school: string }>(
		`SELECT u.email, e.name AS environment, r.number AS release_number, t.name AS school
		 FROM deployments d
		 JOIN users u ON u.id = d.created_by_user_id
		 JOIN deployment_environments e ON e.id = d.environment_id
		 JOIN tenants t ON t.id = d.tenant_id
		 LEFT JOIN releases r ON r.id = d.release_id
		 WHERE d.id = $1 AND d.tenant_id = $2`,
		{ bind: [input.deploymentId, input.tenantId], type: QueryTypes.SELECT, transaction },
	);
	if (row === undefined || row.email === null) return;
	await queueMail(
		deps,
		{
			tenantId: input.tenantId,
			to: row.email,
			template: "deployment-failed",
			data: {
				schoolName: row.school,
				environmentName: row.environment,
				...(row.release_number === null ? {} : { version: `release ${row.release_number}` }),
				error: input.error.slice(0, 500),
				deploymentUrl: `${deps.config.publicUrl}/deployments`,
			},
			idempotencyKey: `deployment-failed:${input.deploymentId}`,
		},
		{ transaction },
	);
}
