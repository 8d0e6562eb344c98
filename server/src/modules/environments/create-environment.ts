import { randomUUID } from "node:crypto";
import type { Environment, EnvironmentCreateRequest } from "@toolboxai/shared";
import { QueryTypes, UniqueConstraintError } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { UserCaller } from "../../access/caller";
import { auditedBy, recordAudit } from "../audit";
import { checkOpenCloudKey } from "./check-open-cloud-key";
import type { EnvironmentDeps } from "./environment-deps";
import { checkEnvironmentName, nameTaken } from "./environment-name";
import { ENVIRONMENT_COLUMNS, toEnvironment, type EnvironmentRow, type StoredKeyStatus } from "./environment-row";
import { sealKey } from "./seal-key";

/** The list answers at most this many (EnvironmentList); a school needs a handful. */
export const MAX_ENVIRONMENTS = 100;

/** A new environment; with a key, only once Roblox has confirmed the key (introspection) — else nothing is saved. */
export async function createEnvironment(deps: EnvironmentDeps, caller: UserCaller, input: EnvironmentCreateRequest): Promise<Environment> {
	const name = checkEnvironmentName(input.name);
	const apiKey = input.openCloudApiKey?.trim() ?? "";
	// Checked before the transaction: no row is locked while Roblox answers.
	let keyStatus: StoredKeyStatus | undefined;
	if (apiKey !== "") {
		keyStatus = await checkOpenCloudKey(deps.infra.openCloudClient, apiKey, { universeId: input.universeId, ...(input.groupId === undefined ? {} : { groupId: input.groupId }) });
	}
	const id = randomUUID();
	const key = apiKey === "" ? undefined : sealKey(deps.config, id, apiKey);
	const { db } = deps.infra;
	try {
		return await withTenant(db, caller.tenantId, async (transaction) => {
			const [count] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM deployment_environments WHERE tenant_id = $1 AND deleted_at IS NULL", {
				bind: [caller.tenantId],
				type: QueryTypes.SELECT,
				transaction,
			});
			if ((count?.n ?? 0) >= MAX_ENVIRONMENTS) throw new AppError("conflict", `A school has at most ${MAX_ENVIRONMENTS} environments; delete one it no longer deploys to first.`);
			const [row] = await db.query<EnvironmentRow>(
				`INSERT INTO deployment_environments (id, tenant_id, name, universe_id, place_id, group_id, api_key_sealed, api_key_last_four, key_status)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ENVIRONMENT_COLUMNS}`,
				{
					bind: [
						id,
						caller.tenantId,
						name,
						input.universeId,
						input.placeId,
						input.groupId ?? null,
						key?.sealed ?? null,
						key?.lastFour ?? null,
						keyStatus === undefined ? null : JSON.stringify(keyStatus),
					],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			const trace = { ...auditedBy(caller), targetType: "environment", targetId: id };
			await recordAudit(db, { action: "environment.created", ...trace, details: { name, mode: key === undefined ? "dry_run" : "live" } }, { transaction });
			if (key !== undefined)
				await recordAudit(db, { action: "environment.key_changed", ...trace, details: { configured: true, missingScopes: keyStatus?.missingScopes ?? [] } }, { transaction });
			return toEnvironment(row as EnvironmentRow);
		});
	} catch (error) {
		if (error instanceof UniqueConstraintError) throw nameTaken(name);
		throw error;
	}
}
