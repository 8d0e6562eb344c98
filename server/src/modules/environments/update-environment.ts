import type { Environment, EnvironmentUpdateRequest } from "@toolboxai/shared";
import { QueryTypes, UniqueConstraintError } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { UserCaller } from "../../access/caller";
import { auditedBy, recordAudit } from "../audit";
import { checkOpenCloudKey } from "./check-open-cloud-key";
import { loadEnvironment } from "./environment-access";
import type { EnvironmentDeps } from "./environment-deps";
import { checkEnvironmentName, nameTaken } from "./environment-name";
import { ENVIRONMENT_COLUMNS, toEnvironment, type EnvironmentRow, type StoredKeyStatus } from "./environment-row";
import { missingScopes } from "./key-scopes";
import { sealKey } from "./seal-key";

/** PATCH /v1/environments/:environmentId: the path's id with the body's changes. */
export type EnvironmentUpdate = EnvironmentUpdateRequest & { readonly environmentId: string };

type KeyChange = { kind: "keep" } | { kind: "remove" } | { kind: "replace"; apiKey: string };

function keyChangeOf(change: EnvironmentUpdateRequest): KeyChange {
	if (change.openCloudApiKey === undefined) return { kind: "keep" };
	const apiKey = change.openCloudApiKey.trim();
	return apiKey === "" ? { kind: "remove" } : { kind: "replace", apiKey };
}

/**
 * Renames, re-points (universe, place, group) or re-keys an environment. A new key is checked with Roblox before
 * anything changes; an empty key removes it (deploys become dry runs). When the universe or group changes, the
 * stored scopes are judged again for the new target, so missingScopes never describes the old one.
 */
export async function updateEnvironment(deps: EnvironmentDeps, caller: UserCaller, input: EnvironmentUpdate): Promise<Environment> {
	const { environmentId, ...change } = input;
	const { db } = deps.infra;
	if (change.name !== undefined) checkEnvironmentName(change.name);
	const keyChange = keyChangeOf(change);
	// The key check needs the target as it will be: read it first (no lock held while Roblox answers).
	let checked: StoredKeyStatus | undefined;
	if (keyChange.kind === "replace") {
		const current = await withTenant(db, caller.tenantId, (transaction) => loadEnvironment(db, transaction, caller.tenantId, environmentId));
		const groupId = change.groupId === undefined ? (current.group_id === null ? undefined : Number(current.group_id)) : change.groupId === 0 ? undefined : change.groupId;
		checked = await checkOpenCloudKey(deps.infra.openCloudClient, keyChange.apiKey, {
			universeId: change.universeId ?? Number(current.universe_id),
			...(groupId === undefined ? {} : { groupId }),
		});
	}
	try {
		return await withTenant(db, caller.tenantId, async (transaction) => {
			const row = await loadEnvironment(db, transaction, caller.tenantId, environmentId, { lock: true });
			const next = {
				name: change.name ?? row.name,
				universeId: change.universeId ?? Number(row.universe_id),
				placeId: change.placeId ?? Number(row.place_id),
				groupId: change.groupId === undefined ? (row.group_id === null ? undefined : Number(row.group_id)) : change.groupId === 0 ? undefined : change.groupId,
			};
			let sealed = row.api_key_sealed;
			let lastFour = row.api_key_last_four;
			let status = row.key_status;
			if (keyChange.kind === "remove") {
				sealed = null;
				lastFour = null;
				status = null;
			} else if (keyChange.kind === "replace") {
				const key = sealKey(deps.config, row.id, keyChange.apiKey);
				sealed = key.sealed;
				lastFour = key.lastFour;
				status = checked ?? null;
			}
			// The stored scopes judged for the target as it is now (universe or group may have changed since the check).
			if (status !== null) {
				status = {
					...status,
					missingScopes: missingScopes(status.scopes, {
						universeId: next.universeId,
						...(next.groupId === undefined ? {} : { groupId: next.groupId }),
						...(status.ownerUserId === undefined ? {} : { ownerUserId: status.ownerUserId }),
					}),
				};
			}
			const [updated] = await db.query<EnvironmentRow>(
				`UPDATE deployment_environments SET name = $3, universe_id = $4, place_id = $5, group_id = $6, api_key_sealed = $7, api_key_last_four = $8, key_status = $9, updated_at = now()
				 WHERE tenant_id = $1 AND id = $2 RETURNING ${ENVIRONMENT_COLUMNS}`,
				{
					bind: [caller.tenantId, row.id, next.name, next.universeId, next.placeId, next.groupId ?? null, sealed, lastFour, status === null ? null : JSON.stringify(status)],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			const trace = { ...auditedBy(caller), targetType: "environment", targetId: row.id };
			const fields = (["name", "universeId", "placeId", "groupId"] as const).filter((field) => change[field] !== undefined);
			if (fields.length > 0) await recordAudit(db, { action: "environment.updated", ...trace, details: { fields } }, { transaction });
			if (keyChange.kind !== "keep") {
				await recordAudit(
					db,
					{
						action: "environment.key_changed",
						...trace,
						details: keyChange.kind === "remove" ? { configured: false } : { configured: true, missingScopes: status?.missingScopes ?? [] },
					},
					{ transaction },
				);
			}
			return toEnvironment(updated as EnvironmentRow);
		});
	} catch (error) {
		if (error instanceof UniqueConstraintError) throw nameTaken(change.name ?? "");
		throw error;
	}
}
