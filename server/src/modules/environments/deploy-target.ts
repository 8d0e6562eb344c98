/**
 * The seam the deployments module deploys through: an environment by name (what the CLI's --env takes) or id,
 * with its Open Cloud key unsealed. Only this function ever opens a sealed key; nothing returns it to a client.
 */
import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize } from "sequelize";
import type { Config } from "../../config/config";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { Infrastructure } from "../../infrastructure.types";
import { loadMasterKey } from "../../crypto/master-key";
import { open } from "../../crypto/secret-box";
import { ENVIRONMENT_COLUMNS, keyPurpose, type EnvironmentRow } from "./environment-row";

export interface DeployTarget {
	readonly id: string;
	readonly name: string;
	readonly universeId: number;
	readonly placeId: number;
	readonly groupId?: number;
	/** Unsealed; absent = dry run. */
	readonly apiKey?: string;
	/** The key's owner from introspection (Roblox user id): the rate limits are counted per owner. */
	readonly ownerUserId?: string;
	/** "name:operation" pairs of REQUIRED_OPEN_CLOUD_SCOPES the key lacks for this universe (empty in a dry run). */
	readonly missingScopes: string[];
	readonly mode: "live" | "dry_run";
}

/** The config opens the sealed key; the database holds the row. */
export interface DeployTargetDeps {
	readonly config: Config;
	readonly infra: Pick<Infrastructure, "db">;
}

async function findRow(db: Sequelize, tenantId: string, column: "name" | "id", value: string): Promise<EnvironmentRow | undefined> {
	const [row] = await withTenant(db, tenantId, (transaction) =>
		db.query<EnvironmentRow>(`SELECT ${ENVIRONMENT_COLUMNS} FROM deployment_environments WHERE tenant_id = $1 AND ${column} = $2 AND deleted_at IS NULL`, {
			bind: [tenantId, value],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	return row;
}

export function toDeployTarget(deps: Pick<DeployTargetDeps, "config">, row: EnvironmentRow): DeployTarget {
	const apiKey = row.api_key_sealed === null ? undefined : open(loadMasterKey(deps.config), row.api_key_sealed, keyPurpose(row.id));
	const owner = row.key_status?.ownerUserId;
	return {
		id: row.id,
		name: row.name,
		universeId: Number(row.universe_id),
		placeId: Number(row.place_id),
		...(row.group_id === null ? {} : { groupId: Number(row.group_id) }),
		...(apiKey === undefined ? {} : { apiKey }),
		...(owner === undefined || apiKey === undefined ? {} : { ownerUserId: String(owner) }),
		missingScopes: apiKey === undefined ? [] : [...(row.key_status?.missingScopes ?? [])],
		mode: apiKey === undefined ? "dry_run" : "live",
	};
}

/** The live environment of that name; AppError not_found for an unknown or deleted one. */
export async function loadDeployTarget(deps: DeployTargetDeps, tenantId: string, environmentName: string): Promise<DeployTarget> {
	const row = await findRow(deps.infra.db, tenantId, "name", environmentName);
	if (row === undefined)
		throw new AppError("not_found", `No environment named ${JSON.stringify(environmentName)}. Create it first (POST /v1/environments or the dashboard's Deployments page).`);
	return toDeployTarget(deps, row);
}

/** The live environment with that id; AppError not_found for an unknown, deleted or malformed id. */
export async function loadDeployTargetById(deps: DeployTargetDeps, tenantId: string, environmentId: string): Promise<DeployTarget> {
	const row = isUuid(environmentId) ? await findRow(deps.infra.db, tenantId, "id", environmentId.toLowerCase()) : undefined;
	if (row === undefined) throw new AppError("not_found", "No such environment.");
	return toDeployTarget(deps, row);
}
