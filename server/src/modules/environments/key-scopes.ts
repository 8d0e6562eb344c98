/**
 * Which of the operations a deploy needs (REQUIRED_OPEN_CLOUD_SCOPES, "name:operation") a key cannot do for one
 * environment. Pure: it runs on save (after introspection) and again whenever the universe or group changes.
 *
 * Spellings differ between sources: the scopes reference and introspection answers seen in the wild say
 * `universe-places` and `universe-messaging-service`, newer docs and the Creator Dashboard say `universe.place`
 * and `universe.messaging-service`, and the Dashboard shows operations capitalised ("Write"). Both are accepted.
 */
import { REQUIRED_OPEN_CLOUD_SCOPES, type OpenCloudKeyScope } from "@toolboxai/shared";
import type { IntrospectedScope } from "../../integrations/open-cloud/client";

const ALIASES: Readonly<Record<string, string>> = {
	"universe.place": "universe-places",
	"universe.messaging-service": "universe-messaging-service",
};

function canonicalName(name: string): string {
	const lower = name.trim().toLowerCase();
	return ALIASES[lower] ?? lower;
}

/** Introspection's scope as stored and shown: data store restrictions become the universes they name. */
export function toKeyScope(scope: IntrospectedScope): OpenCloudKeyScope {
	const fromStores = scope.universeDatastores?.map((store) => store.universeId);
	const universeIds = scope.universeIds ?? fromStores;
	return {
		name: scope.name,
		operations: [...scope.operations],
		...(universeIds === undefined ? {} : { universeIds: [...new Set(universeIds)] }),
		...(scope.groupIds === undefined ? {} : { groupIds: [...scope.groupIds] }),
		...(scope.userIds === undefined ? {} : { userIds: [...scope.userIds] }),
	};
}

export interface ScopeTarget {
	readonly universeId: number;
	/** Assets are created for this group when set, else for the key's user. */
	readonly groupId?: number;
	readonly ownerUserId?: number;
}

function listed(ids: ReadonlyArray<string> | undefined, id: number | undefined): boolean {
	return ids !== undefined && (ids.includes("*") || (id !== undefined && ids.includes(String(id))));
}

/** Whether the scope reaches the environment's resources: its experience, or for assets the creator they go to. */
function reaches(scope: OpenCloudKeyScope, target: ScopeTarget): boolean {
	if (canonicalName(scope.name) === "asset") {
		if (scope.groupIds === undefined && scope.userIds === undefined) return true;
		return target.groupId === undefined ? listed(scope.userIds, target.ownerUserId) : listed(scope.groupIds, target.groupId);
	}
	return scope.universeIds === undefined || listed(scope.universeIds, target.universeId);
}

/** The required "name:operation" pairs no scope of the key grants for this target, in the required order. */
export function missingScopes(scopes: ReadonlyArray<OpenCloudKeyScope>, target: ScopeTarget): string[] {
	return REQUIRED_OPEN_CLOUD_SCOPES.filter((required) => {
		const [name, operation] = required.split(":") as [string, string];
		return !scopes.some((scope) => canonicalName(scope.name) === name && scope.operations.some((op) => op.trim().toLowerCase() === operation) && reaches(scope, target));
	});
}
