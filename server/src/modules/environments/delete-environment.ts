import type { EnvironmentDeleted } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { recordAudit } from "../audit/record-audit";
import { loadEnvironment } from "./environment-access";
import { auditTrace, type EnvironmentCaller } from "./environment-caller";

/**
 * Soft delete: deployments keep pointing at the row (their history stays readable) and the name is free again.
 * The sealed key is dropped at once: a deleted environment never deploys again, so nothing needs it. Refused
 * while a deployment of it is queued or running.
 */
export async function deleteEnvironment(db: Sequelize, caller: EnvironmentCaller, environmentId: string): Promise<EnvironmentDeleted> {
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadEnvironment(db, transaction, caller.tenantId, environmentId, { lock: true });
		const [active] = await db.query<{ id: string; status: string }>(
			"SELECT id, status FROM deployments WHERE tenant_id = $1 AND environment_id = $2 AND status IN ('queued', 'running') LIMIT 1",
			{ bind: [caller.tenantId, row.id], type: QueryTypes.SELECT, transaction },
		);
		if (active !== undefined) {
			throw new AppError("conflict", `Environment "${row.name}" has a deployment ${active.status} (${active.id}); wait for it to finish, then delete the environment.`, {
				deploymentId: active.id,
			});
		}
		await db.query("UPDATE deployment_environments SET deleted_at = now(), api_key_sealed = NULL, updated_at = now() WHERE tenant_id = $1 AND id = $2", {
			bind: [caller.tenantId, row.id],
			transaction,
		});
		await recordAudit(
			db,
			{ action: "environment.deleted", tenantId: caller.tenantId, actorUserId: caller.userId, targetType: "environment", targetId: row.id, ...auditTrace(caller), details: { name: row.name } },
			{ transaction },
		);
		return { id: row.id, status: "deleted" as const };
	});
}
