/** What each operation a deploy needs is for, in words an admin can act on (REQUIRED_OPEN_CLOUD_SCOPES). */
const WORDS: Record<string, { does: string; system: string; operation: string }> = {
	"universe-places:write": { does: "publish the place", system: "universe-places", operation: "Write" },
	"asset:read": { does: "read the uploaded images, audio and models", system: "asset", operation: "Read" },
	"asset:write": { does: "upload images, audio and models", system: "asset", operation: "Write" },
	"universe-messaging-service:publish": { does: "tell running game servers that new lessons are out", system: "universe-messaging-service", operation: "Publish" },
	"universe-datastores.objects:create": { does: "store lesson content for the game (first time)", system: "universe-datastores", operation: "Create Entry" },
	"universe-datastores.objects:update": { does: "update lesson content for the game", system: "universe-datastores", operation: "Update Entry" },
};

export function missingScopeWords(scope: string): { does: string; grant: string } {
	const known = WORDS[scope];
	if (known === undefined) return { does: scope, grant: scope };
	return { does: known.does, grant: `${known.system} → ${known.operation}` };
}

/** e.g. "write (experiences 123, 456)" or "read, write (every experience)". */
export function scopeReach(scope: {
	operations: ReadonlyArray<string>;
	universeIds?: ReadonlyArray<string>;
	groupIds?: ReadonlyArray<string>;
	userIds?: ReadonlyArray<string>;
}): string {
	const where: string[] = [];
	const list = (ids: ReadonlyArray<string> | undefined, one: string, many: string, all: string) => {
		if (ids === undefined) return;
		where.push(ids.includes("*") ? all : `${ids.length === 1 ? one : many} ${ids.join(", ")}`);
	};
	list(scope.universeIds, "experience", "experiences", "every experience");
	list(scope.groupIds, "group", "groups", "every group");
	list(scope.userIds, "user", "users", "every user");
	return `${scope.operations.join(", ")}${where.length === 0 ? "" : ` (${where.join("; ")})`}`;
}
