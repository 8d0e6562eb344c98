import type { EnvironmentDeleted } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import { loadEnvironment } from "./environment-access";
import type { EnvironmentDbDeps } from "./environment-deps";

/**
 * Soft delete: deployments keep pointing at the row (their history stays readable) and the name is free again.
 * The sealed key is dropped at once: a deleted environment never deploys again, so nothing needs it. Refused
 * while a deployment of it is queued or running.
 */
export async function deleteEnvironment(deps: EnvironmentDbDeps, caller: UserCaller, input: { readonly environmentId: string }): Promise<EnvironmentDeleted> {
	const { db } = deps.infra;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadEnvironment(db, transaction, caller.tenantId, input.environmentId, { lock: true });
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
		await recordAudit(db, { action: "environment.deleted", ...auditedBy(caller), targetType: "environment", targetId: row.id, details: { name: row.name } }, { transaction });
		return { id: row.id, status: "deleted" as const };
	});
}
