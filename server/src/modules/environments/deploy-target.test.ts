import { QueryTypes } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { loadMasterKey } from "../../crypto/master-key";
import { seal, SecretBoxError } from "../../crypto/secret-box";
import { signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { loadDeployTarget, loadDeployTargetById } from "./deploy-target";
import { keyPurpose } from "./environment-row";

let database: TestDatabase;
let t: TestApp;
const deps = () => ({ config: t.config, infra: t.infra });

beforeAll(async () => {
	database = await createTestDatabase("deploy_target");
	t = await startTestApp({ database });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function insertEnvironment(tenantId: string, name: string, key?: { plaintext: string; sealFor?: string }): Promise<string> {
	return withTenant(t.infra.db, tenantId, async (transaction) => {
		const [row] = await t.infra.db.query<{ id: string }>(
			"INSERT INTO deployment_environments (tenant_id, name, universe_id, place_id, group_id) VALUES ($1, $2, 4815162342, 1623420815, 77) RETURNING id",
			{ bind: [tenantId, name], type: QueryTypes.SELECT, transaction },
		);
		const id = (row as { id: string }).id;
		if (key !== undefined) {
			const sealed = seal(loadMasterKey(t.config), key.plaintext, keyPurpose(key.sealFor ?? id));
			const status = { ownerUserId: 234, scopes: [], missingScopes: ["asset:write"] };
			await t.infra.db.query("UPDATE deployment_environments SET api_key_sealed = $2, api_key_last_four = $3, key_status = $4 WHERE id = $1", {
				bind: [id, sealed, key.plaintext.slice(-4), JSON.stringify(status)],
				transaction,
			});
		}
		return id;
	});
}

async function notFound(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(AppError);
	expect((error as AppError).code).toBe("not_found");
	return error as AppError;
}

test("a keyed environment loads by name and by id, live, with the key unsealed and introspection's owner and gaps", async () => {
	const school = await signupSchool(t, "Seam School");
	const id = await insertEnvironment(school.tenantId, "production", { plaintext: "roblox-key-secret-WXYZ" });
	const expected = {
		id,
		name: "production",
		universeId: 4815162342,
		placeId: 1623420815,
		groupId: 77,
		apiKey: "roblox-key-secret-WXYZ",
		ownerUserId: "234",
		missingScopes: ["asset:write"],
		mode: "live",
	};
	expect(await loadDeployTarget(deps(), school.tenantId, "production")).toEqual(expected);
	expect(await loadDeployTargetById(deps(), school.tenantId, id.toUpperCase())).toEqual(expected);
});

test("a key-less environment is a dry run with no key, owner or missing scopes", async () => {
	const school = await signupSchool(t, "Dry School");
	const id = await insertEnvironment(school.tenantId, "staging");
	expect(await loadDeployTarget(deps(), school.tenantId, "staging")).toEqual({
		id,
		name: "staging",
		universeId: 4815162342,
		placeId: 1623420815,
		groupId: 77,
		missingScopes: [],
		mode: "dry_run",
	});
});

test("unknown, deleted, malformed and other schools' environments are not_found naming the environment", async () => {
	const school = await signupSchool(t, "Missing School");
	const other = await signupSchool(t, "Other School");
	const id = await insertEnvironment(school.tenantId, "gone");
	await withTenant(t.infra.db, school.tenantId, (transaction) =>
		t.infra.db.query("UPDATE deployment_environments SET deleted_at = now() WHERE id = $1", { bind: [id], transaction }),
	);
	expect((await notFound(loadDeployTarget(deps(), school.tenantId, "gone"))).message).toContain('No environment named "gone"');
	await notFound(loadDeployTarget(deps(), school.tenantId, "never"));
	await notFound(loadDeployTargetById(deps(), school.tenantId, id));
	await notFound(loadDeployTargetById(deps(), school.tenantId, "not-a-uuid"));
	const otherId = await insertEnvironment(other.tenantId, "theirs");
	await notFound(loadDeployTarget(deps(), school.tenantId, "theirs"));
	await notFound(loadDeployTargetById(deps(), school.tenantId, otherId));
});

test("a key sealed for another environment does not open in this one (purpose-bound)", async () => {
	const school = await signupSchool(t, "Moved Key School");
	const elsewhere = await insertEnvironment(school.tenantId, "elsewhere");
	await insertEnvironment(school.tenantId, "moved", { plaintext: "k-1234", sealFor: elsewhere });
	await expect(loadDeployTarget(deps(), school.tenantId, "moved")).rejects.toBeInstanceOf(SecretBoxError);
});
