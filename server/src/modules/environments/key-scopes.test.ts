import { REQUIRED_OPEN_CLOUD_SCOPES } from "@toolboxai/shared";
import { missingScopes, toKeyScope } from "./key-scopes";

const FULL = [
	{ name: "universe-places", operations: ["write"], universeIds: ["*"] },
	{ name: "asset", operations: ["read", "write"], userIds: ["*"], groupIds: ["*"] },
	{ name: "universe-messaging-service", operations: ["publish"], universeIds: ["*"] },
	{ name: "universe-datastores.objects", operations: ["create", "update"], universeIds: ["*"] },
];
const target = { universeId: 4815162342, ownerUserId: 234 };

test("a key with every scope on every experience lacks nothing", () => {
	expect(missingScopes(FULL, target)).toEqual([]);
});

test("no scopes: every required operation is missing, in the required order", () => {
	expect(missingScopes([], target)).toEqual([...REQUIRED_OPEN_CLOUD_SCOPES]);
});

test("the newer spellings (universe.place, universe.messaging-service) and capitalised operations count", () => {
	const scopes = [
		{ name: "universe.place", operations: ["Write"], universeIds: ["4815162342"] },
		{ name: "asset", operations: ["READ", "Write"] },
		{ name: "universe.messaging-service", operations: ["publish"] },
		{ name: "universe-datastores.objects", operations: ["create", "update"] },
	];
	expect(missingScopes(scopes, target)).toEqual([]);
});

test("a scope restricted to another experience does not count; the same scope on this one does", () => {
	const restricted = FULL.map((scope) => (scope.name === "universe-places" ? { ...scope, universeIds: ["111"] } : scope));
	expect(missingScopes(restricted, target)).toEqual(["universe-places:write"]);
	expect(missingScopes(restricted, { ...target, universeId: 111 })).toEqual([]);
});

test("missing operations are named one by one", () => {
	const partial = [
		{ name: "universe-places", operations: ["write"] },
		{ name: "asset", operations: ["read"] },
		{ name: "universe-datastores.objects", operations: ["create"] },
	];
	expect(missingScopes(partial, target)).toEqual(["asset:write", "universe-messaging-service:publish", "universe-datastores.objects:update"]);
});

test("assets for a group need the group in groupIds; assets for the user need the owner in userIds", () => {
	const userOnly = FULL.map((scope) => (scope.name === "asset" ? { name: "asset", operations: ["read", "write"], userIds: ["234"] } : scope));
	expect(missingScopes(userOnly, target)).toEqual([]);
	expect(missingScopes(userOnly, { ...target, groupId: 42 })).toEqual(["asset:read", "asset:write"]);
	const group = FULL.map((scope) => (scope.name === "asset" ? { name: "asset", operations: ["read", "write"], groupIds: ["42"] } : scope));
	expect(missingScopes(group, { ...target, groupId: 42 })).toEqual([]);
	expect(missingScopes(group, target)).toEqual(["asset:read", "asset:write"]);
});

test("introspection's data store restrictions become the universes they name", () => {
	expect(
		toKeyScope({
			name: "universe-datastores.objects",
			operations: ["create"],
			universeDatastores: [
				{ universeId: "123", datastoreName: "a" },
				{ universeId: "123", datastoreName: "b" },
			],
		}),
	).toEqual({ name: "universe-datastores.objects", operations: ["create"], universeIds: ["123"] });
	expect(toKeyScope({ name: "asset", operations: ["read"], groupIds: ["*"] })).toEqual({ name: "asset", operations: ["read"], groupIds: ["*"] });
});
