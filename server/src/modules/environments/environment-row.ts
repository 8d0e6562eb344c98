import type { Environment, OpenCloudKeyStatus } from "@toolboxai/shared";

/** deployment_environments as read by this module (bigint columns arrive as strings from pg). */
export interface EnvironmentRow {
	id: string;
	tenant_id: string;
	name: string;
	universe_id: string;
	place_id: string;
	group_id: string | null;
	api_key_sealed: string | null;
	api_key_last_four: string | null;
	key_status: StoredKeyStatus | null;
	created_at: Date;
	updated_at: Date;
}

/** What key_status holds: OpenCloudKeyStatus without `configured` and `lastFour` (those come from the columns). */
export type StoredKeyStatus = Omit<OpenCloudKeyStatus, "configured" | "lastFour">;

export const ENVIRONMENT_COLUMNS = "id, tenant_id, name, universe_id, place_id, group_id, api_key_sealed, api_key_last_four, key_status, created_at, updated_at";

/** The purpose the key is sealed under: a sealed key moved to another environment's row does not open. */
export function keyPurpose(environmentId: string): string {
	return `open-cloud-api-key:${environmentId}`;
}

/** The API's view: never the key, only whether there is one, its last four and what introspection said. */
export function toEnvironment(row: EnvironmentRow): Environment {
	const configured = row.api_key_sealed !== null;
	const status = row.key_status;
	return {
		id: row.id,
		name: row.name,
		universeId: Number(row.universe_id),
		placeId: Number(row.place_id),
		...(row.group_id === null ? {} : { groupId: Number(row.group_id) }),
		mode: configured ? "live" : "dry_run",
		openCloudKey: configured
			? {
					configured: true,
					...(row.api_key_last_four === null ? {} : { lastFour: row.api_key_last_four }),
					...(status?.name === undefined ? {} : { name: status.name }),
					...(status?.ownerUserId === undefined ? {} : { ownerUserId: status.ownerUserId }),
					scopes: status?.scopes ?? [],
					missingScopes: status?.missingScopes ?? [],
					...(status?.expiresAt === undefined ? {} : { expiresAt: status.expiresAt }),
					...(status?.checkedAt === undefined ? {} : { checkedAt: status.checkedAt }),
				}
			: { configured: false, scopes: [], missingScopes: [] },
		createdAt: row.created_at.toISOString(),
		updatedAt: row.updated_at.toISOString(),
	};
}
