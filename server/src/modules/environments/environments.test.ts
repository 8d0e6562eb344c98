import { QueryTypes } from "sequelize";
import request from "supertest";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { FakeOpenCloud, FULL_ACCESS_KEY, type IntrospectionProfile } from "../../integrations/open-cloud/__tests__/fake-open-cloud";
import { loadMasterKey } from "../../crypto/master-key";
import { open, SecretBoxError } from "../../crypto/secret-box";
import { addPerson, bearer, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { loadDeployTarget } from "./deploy-target";
import { KEY_CHECK_BUDGET } from "./check-open-cloud-key";
import { keyPurpose } from "./environment-row";

const GOOD_KEY = "ocK3y-full-access-secret-value-A1b2";
let database: TestDatabase;
let fake: FakeOpenCloud;
let t: TestApp;

beforeAll(async () => {
	fake = await new FakeOpenCloud({ apiKey: GOOD_KEY }).start();
	database = await createTestDatabase("environments");
	t = await startTestApp({ database, env: { ROBLOX_OPEN_CLOUD_URL: fake.url } });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.close();
});

/** A key the fake introspects as `profile` (FULL_ACCESS_KEY with changes). */
function keyWith(label: string, changes: Partial<IntrospectionProfile>): string {
	const key = `ocK3y-${label}-${Math.random().toString(36).slice(2)}`;
	fake.keyProfiles.set(key, { ...FULL_ACCESS_KEY, ...changes });
	return key;
}

const introspections = () => fake.requests.filter((r) => r.path === "/api-keys/v1/introspect");

async function audit(tenantId: string, targetId: string): Promise<Array<{ action: string; details: Record<string, unknown> | null }>> {
	return withTenant(t.infra.db, tenantId, (transaction) =>
		t.infra.db.query<{ action: string; details: Record<string, unknown> | null }>(
			"SELECT action, details FROM audit_events WHERE tenant_id = $1 AND target_id = $2 ORDER BY created_at, id",
			{
				bind: [tenantId, targetId],
				type: QueryTypes.SELECT,
				transaction,
			},
		),
	);
}

/** Sign-ups are limited per address (10 an hour): the tests share a few schools. */
let namesSchool: SchoolAdmin;
let otherSchool: SchoolAdmin;
let keySchool: SchoolAdmin;
beforeAll(async () => {
	namesSchool = await signupSchool(t, "Names School");
	otherSchool = await signupSchool(t, "Other School");
	keySchool = await signupSchool(t, "Key School");
});

const names = async (school: SchoolAdmin) => (await request(t.app).get("/v1/environments").set(bearer(school.token))).body.items.map((e: { name: string }) => e.name);

const create = (school: SchoolAdmin, body: Record<string, unknown>) => request(t.app).post("/v1/environments").set(bearer(school.token)).send(body);

describe("CRUD without a key (dry run)", () => {
	test("create, list, get, update, delete; the name is free again after delete; every change audited", async () => {
		const school = await signupSchool(t, "Crud School");
		const created = await create(school, { name: "staging", universeId: 111, placeId: 222 });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			id: expect.any(String),
			name: "staging",
			universeId: 111,
			placeId: 222,
			mode: "dry_run",
			openCloudKey: { configured: false, scopes: [], missingScopes: [] },
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
		const id = created.body.id as string;
		const production = await create(school, { name: "production", universeId: 111, placeId: 333, groupId: 9 });
		expect(production.body.groupId).toBe(9);

		const list = await request(t.app).get("/v1/environments").set(bearer(school.token));
		expect(list.body.items.map((e: { name: string }) => e.name)).toEqual(["production", "staging"]);
		expect((await request(t.app).get(`/v1/environments/${id}`).set(bearer(school.token))).body).toEqual(created.body);

		const patched = await request(t.app).patch(`/v1/environments/${id}`).set(bearer(school.token)).send({ placeId: 444, name: "stage-2" });
		expect(patched.status).toBe(200);
		expect([patched.body.name, patched.body.placeId, patched.body.universeId]).toEqual(["stage-2", 444, 111]);
		const cleared = await request(t.app).patch(`/v1/environments/${production.body.id}`).set(bearer(school.token)).send({ groupId: 0 });
		expect(cleared.body.groupId).toBeUndefined();

		expect((await request(t.app).delete(`/v1/environments/${id}`).set(bearer(school.token))).body).toEqual({ id, status: "deleted" });
		expect((await request(t.app).get(`/v1/environments/${id}`).set(bearer(school.token))).status).toBe(404);
		expect((await request(t.app).patch(`/v1/environments/${id}`).set(bearer(school.token)).send({ placeId: 1 })).status).toBe(404);
		expect((await request(t.app).delete(`/v1/environments/${id}`).set(bearer(school.token))).status).toBe(404);
		expect((await request(t.app).get("/v1/environments").set(bearer(school.token))).body.items.map((e: { name: string }) => e.name)).toEqual(["production"]);
		expect((await create(school, { name: "stage-2", universeId: 1, placeId: 2 })).status).toBe(201);

		expect((await audit(school.tenantId, id)).map((event) => event.action)).toEqual(["environment.created", "environment.updated", "environment.deleted"]);
		expect((await audit(school.tenantId, id))[1]?.details).toEqual({ fields: ["name", "placeId"] });
		expect(introspections()).toHaveLength(0);
	});

	test("names: lower-case letters, digits and dashes up to 32 (422 at /name); unique per school (409), not across schools", async () => {
		const school = namesSchool;
		for (const name of ["Staging", "-staging", "a".repeat(33), "stag ing", "stäging"]) {
			const res = await create(school, { name, universeId: 1, placeId: 2 });
			expect({ name, status: res.status, code: res.body.error.code }).toEqual({ name, status: 422, code: "validation_failed" });
			expect(res.body.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(["/name"]);
		}
		const bad = await create(school, { name: "ok", universeId: 0, placeId: 2 });
		expect([bad.status, bad.body.error.details.issues[0].path]).toEqual([422, "/universeId"]);
		expect((await create(school, { name: "a".repeat(32), universeId: 1, placeId: 2 })).status).toBe(201);

		expect((await create(school, { name: "prod", universeId: 1, placeId: 2 })).status).toBe(201);
		const twice = await create(school, { name: "prod", universeId: 5, placeId: 6 });
		expect([twice.status, twice.body.error.code]).toEqual([409, "conflict"]);
		expect(twice.body.error.message).toContain('already has an environment named "prod"');
		const other = await create(school, { name: "other", universeId: 1, placeId: 2 });
		const rename = await request(t.app).patch(`/v1/environments/${other.body.id}`).set(bearer(school.token)).send({ name: "prod" });
		expect([rename.status, rename.body.error.message]).toEqual([409, expect.stringContaining('"prod"')]);
		const badRename = await request(t.app).patch(`/v1/environments/${other.body.id}`).set(bearer(school.token)).send({ name: "PROD" });
		expect([badRename.status, badRename.body.error.details.issues[0].path]).toEqual([422, "/name"]);

		expect((await create(otherSchool, { name: "prod", universeId: 1, placeId: 2 })).status).toBe(201);
	});

	test("a school has at most 100 live environments (409 past that); deleted ones do not count", async () => {
		const school = await signupSchool(t, "Many School");
		await withTenant(t.infra.db, school.tenantId, (transaction) =>
			t.infra.db.query("INSERT INTO deployment_environments (tenant_id, name, universe_id, place_id) SELECT $1, 'env-' || i, 1, 2 FROM generate_series(1, 99) AS i", {
				bind: [school.tenantId],
				transaction,
			}),
		);
		const hundredth = await create(school, { name: "last", universeId: 1, placeId: 2 });
		expect(hundredth.status).toBe(201);
		const refused = await create(school, { name: "one-more", universeId: 1, placeId: 2 });
		expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([409, "conflict", expect.stringContaining("at most 100 environments")]);
		expect(await names(school)).toHaveLength(100);
		expect((await request(t.app).delete(`/v1/environments/${hundredth.body.id}`).set(bearer(school.token))).status).toBe(200);
		expect((await create(school, { name: "one-more", universeId: 1, placeId: 2 })).status).toBe(201);
	});

	test("permissions: a teacher reads but cannot write; a student and a stranger get nothing", async () => {
		const school = await signupSchool(t, "Perm School");
		const env = await create(school, { name: "staging", universeId: 1, placeId: 2 });
		const teacher = await addPerson(t, school.tenantId, ["teacher"]);
		const student = await addPerson(t, school.tenantId, ["student"]);
		const as = (token: string) => bearer(token);
		expect((await request(t.app).get("/v1/environments").set(as(teacher.token))).status).toBe(200);
		expect((await request(t.app).get(`/v1/environments/${env.body.id}`).set(as(teacher.token))).status).toBe(200);
		expect((await request(t.app).post("/v1/environments").set(as(teacher.token)).send({ name: "t", universeId: 1, placeId: 2 })).status).toBe(403);
		expect((await request(t.app).patch(`/v1/environments/${env.body.id}`).set(as(teacher.token)).send({ placeId: 3 })).status).toBe(403);
		expect((await request(t.app).delete(`/v1/environments/${env.body.id}`).set(as(teacher.token))).status).toBe(403);
		expect((await request(t.app).get("/v1/environments").set(as(student.token))).status).toBe(403);
		expect((await request(t.app).get(`/v1/environments/${env.body.id}`).set(as(student.token))).status).toBe(403);
		expect((await request(t.app).get("/v1/environments")).status).toBe(401);
		const stranger = otherSchool;
		expect((await request(t.app).get(`/v1/environments/${env.body.id}`).set(as(stranger.token))).status).toBe(404);
		expect((await request(t.app).delete(`/v1/environments/${env.body.id}`).set(as(stranger.token))).status).toBe(404);
		expect(await names(stranger)).not.toContain("staging");
	});

	test("delete is refused (409) while a deployment of the environment is queued or running, allowed once it finished", async () => {
		const school = namesSchool;
		const env = await create(school, { name: "busy", universeId: 1, placeId: 2 });
		const deploymentId = await withTenant(t.infra.db, school.tenantId, async (transaction) => {
			const [release] = await t.infra.db.query<{ id: string }>(
				"INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name) VALUES ($1, 1, $2, 10, 'ToolBoxAI.rbxl') RETURNING id",
				{ bind: [school.tenantId, "a".repeat(64)], type: QueryTypes.SELECT, transaction },
			);
			const [deployment] = await t.infra.db.query<{ id: string }>(
				"INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run) VALUES ($1, $2, $3, 'deploy', 'running', true) RETURNING id",
				{ bind: [school.tenantId, env.body.id, release?.id], type: QueryTypes.SELECT, transaction },
			);
			return deployment?.id as string;
		});
		const refused = await request(t.app).delete(`/v1/environments/${env.body.id}`).set(bearer(school.token));
		expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([409, "conflict", { deploymentId }]);
		expect(refused.body.error.message).toContain("running");
		expect((await request(t.app).get(`/v1/environments/${env.body.id}`).set(bearer(school.token))).status).toBe(200);
		await withTenant(t.infra.db, school.tenantId, (transaction) =>
			t.infra.db.query("UPDATE deployments SET status = 'succeeded' WHERE id = $1", { bind: [deploymentId], transaction }),
		);
		expect((await request(t.app).delete(`/v1/environments/${env.body.id}`).set(bearer(school.token))).status).toBe(200);
	});
});

describe("the Open Cloud key", () => {
	test("a valid key with every scope: checked by introspection, sealed (no plaintext in the row), never returned or logged", async () => {
		const school = keySchool;
		const before = introspections().length;
		const created = await create(school, { name: "production", universeId: 4815162342, placeId: 1623420815, openCloudApiKey: GOOD_KEY });
		expect(created.status).toBe(201);
		expect(created.body.mode).toBe("live");
		expect(created.body.openCloudKey).toEqual({
			configured: true,
			lastFour: "A1b2",
			name: "toolboxai deploys",
			ownerUserId: 234,
			scopes: [
				{ name: "universe-places", operations: ["write"], universeIds: ["*"] },
				{ name: "asset", operations: ["read", "write"], groupIds: ["*"], userIds: ["*"] },
				{ name: "universe-messaging-service", operations: ["publish"], universeIds: ["*"] },
				{ name: "universe-datastores.objects", operations: ["create", "update"], universeIds: ["*"] },
			],
			missingScopes: [],
			expiresAt: "2027-01-01T12:00:00.000Z",
			checkedAt: expect.any(String),
		});
		expect(
			introspections()
				.slice(before)
				.map((r) => JSON.parse(r.body.toString())),
		).toEqual([{ apiKey: GOOD_KEY }]);

		const [row] = await withTenant(t.infra.db, school.tenantId, (transaction) =>
			t.infra.db.query<{ whole: string; api_key_sealed: string }>("SELECT e::text AS whole, api_key_sealed FROM deployment_environments e WHERE id = $1", {
				bind: [created.body.id],
				type: QueryTypes.SELECT,
				transaction,
			}),
		);
		expect(row?.whole).not.toContain(GOOD_KEY);
		expect(row?.whole).not.toContain(Buffer.from(GOOD_KEY).toString("base64"));
		expect(open(loadMasterKey(t.config), row?.api_key_sealed as string, keyPurpose(created.body.id))).toBe(GOOD_KEY);
		expect(() => open(loadMasterKey(t.config), row?.api_key_sealed as string, keyPurpose("00000000-0000-4000-8000-000000000000"))).toThrow(SecretBoxError);
		expect(() => open(loadMasterKey(t.config), row?.api_key_sealed as string, "another-purpose")).toThrow(SecretBoxError);

		const target = await loadDeployTarget(t, school.tenantId, "production");
		expect([target.apiKey, target.mode, target.ownerUserId]).toEqual([GOOD_KEY, "live", "234"]);

		const reads = [
			await request(t.app).get("/v1/environments").set(bearer(school.token)),
			await request(t.app).get(`/v1/environments/${created.body.id}`).set(bearer(school.token)),
			await request(t.app).patch(`/v1/environments/${created.body.id}`).set(bearer(school.token)).send({ placeId: 5 }),
		];
		for (const res of [created, ...reads]) expect(JSON.stringify(res.body)).not.toContain(GOOD_KEY);
		expect(JSON.stringify(t.logs)).not.toContain(GOOD_KEY);
		const events = await audit(school.tenantId, created.body.id);
		expect(events.map((event) => event.action)).toEqual(["environment.created", "environment.key_changed", "environment.updated"]);
		expect(JSON.stringify(events)).not.toContain(GOOD_KEY);
	});

	test("missing scopes are listed; a scope restricted to another experience counts as missing until the universe matches", async () => {
		const school = keySchool;
		const partial = keyWith("partial", {
			scopes: [
				{ name: "universe.place", operations: ["Write"], universeIds: ["777"] },
				{ name: "asset", operations: ["read"] },
				{ name: "universe-datastores.objects", operations: ["create", "update"], universeDatastores: [{ universeId: "777", datastoreName: "ToolBoxAI" }] },
			],
		});
		const created = await create(school, { name: "partial", universeId: 111, placeId: 2, openCloudApiKey: partial });
		expect(created.status).toBe(201);
		expect(created.body.openCloudKey.missingScopes).toEqual([
			"universe-places:write",
			"asset:write",
			"universe-messaging-service:publish",
			"universe-datastores.objects:create",
			"universe-datastores.objects:update",
		]);
		const before = introspections().length;
		const moved = await request(t.app).patch(`/v1/environments/${created.body.id}`).set(bearer(school.token)).send({ universeId: 777 });
		expect(moved.body.openCloudKey.missingScopes).toEqual(["asset:write", "universe-messaging-service:publish"]);
		// Judged again from the stored scopes: Roblox was not asked again.
		expect(introspections()).toHaveLength(before);
		expect((await loadDeployTarget(t, school.tenantId, "partial")).missingScopes).toEqual(["asset:write", "universe-messaging-service:publish"]);
	});

	test("expired, disabled and unknown keys are refused (422 open_cloud_key_rejected, saying which); nothing is saved", async () => {
		const school = keySchool;
		const expired = keyWith("expired", { expired: true, expirationTimeUtc: "2026-01-01T00:00:00.000Z" });
		const disabled = keyWith("disabled", { enabled: false });
		for (const [key, reason, words] of [
			[expired, "expired", "has expired (2026-01-01T00:00:00.000Z)"],
			[disabled, "disabled", "is disabled"],
			["not-a-roblox-key-9999", "invalid", "refused this Open Cloud API key"],
		] as const) {
			const res = await create(school, { name: "refused", universeId: 1, placeId: 2, openCloudApiKey: key });
			expect({ reason, status: res.status, code: res.body.error.code, detail: res.body.error.details.reason }).toEqual({
				reason,
				status: 422,
				code: "open_cloud_key_rejected",
				detail: reason,
			});
			expect(res.body.error.message).toContain(words);
			expect(res.body.error.message).toContain("Nothing was saved");
			expect(JSON.stringify(res.body)).not.toContain(key);
		}
		expect(await names(school)).not.toContain("refused");

		const env = await create(school, { name: "refused-later", universeId: 1, placeId: 2, openCloudApiKey: GOOD_KEY });
		const refused = await request(t.app).patch(`/v1/environments/${env.body.id}`).set(bearer(school.token)).send({ openCloudApiKey: expired, placeId: 99 });
		expect(refused.status).toBe(422);
		const after = await request(t.app).get(`/v1/environments/${env.body.id}`).set(bearer(school.token));
		expect([after.body.placeId, after.body.openCloudKey.lastFour]).toEqual([2, "A1b2"]);
		expect(JSON.stringify(t.logs)).not.toContain(expired);
	});

	test("Roblox unreachable (5xx after retries): 502 upstream_failed, nothing saved", async () => {
		const school = keySchool;
		const busy = { status: 503, headers: { "retry-after": "0" }, body: JSON.stringify({ code: "UNAVAILABLE", message: "try later" }) };
		const tries = KEY_CHECK_BUDGET.retry.maxAttempts;
		fake.inject(/^POST \/api-keys\/v1\/introspect$/, ...Array.from({ length: tries }, () => busy));
		const before = introspections().length;
		const res = await create(school, { name: "outage", universeId: 1, placeId: 2, openCloudApiKey: GOOD_KEY });
		expect([res.status, res.body.error.code]).toEqual([502, "upstream_failed"]);
		expect(res.body.error.message).toContain("nothing was saved");
		expect(res.body.error.message).not.toMatch(LEAK_PATTERN);
		// Retried within the key check's budget, then given up.
		expect(introspections().length - before).toBe(tries);
		expect(await names(school)).not.toContain("outage");
		expect(JSON.stringify(t.logs)).not.toContain(GOOD_KEY);
	});

	describe("the key check has a short budget whatever Roblox does", () => {
		afterEach(() => fake.clearInjected());
		const silent = (pattern: { hang: true } | { stallBody: true }) =>
			fake.inject(/^POST \/api-keys\/v1\/introspect$/, ...Array.from({ length: KEY_CHECK_BUDGET.retry.maxAttempts }, () => pattern));

		test.each<[string, { hang: true } | { stallBody: true }]>([
			["Roblox never answers", { hang: true }],
			["Roblox answers, then its body stalls", { stallBody: true }],
		])("%s: the save ends with 502 upstream_failed saying so, nothing saved, no further try", async (_label, answer) => {
			const school = keySchool;
			silent(answer);
			const before = introspections().length;
			const res = await create(school, { name: "silent-roblox", universeId: 1, placeId: 2, openCloudApiKey: GOOD_KEY });
			expect([res.status, res.body.error.code]).toEqual([502, "upstream_failed"]);
			expect(res.body.error.message).toMatch(/Roblox did not answer within [\d.]+ s\), so nothing was saved/);
			expect(res.body.error.message).toContain("save the environment without a key");
			// A try that got no answer used the budget up: it is not tried again.
			expect(introspections().length - before).toBe(1);
			expect(await names(school)).not.toContain("silent-roblox");
		});

		test("PATCH with a new key while Roblox never answers: 502, the environment keeps its old key and fields", async () => {
			const school = keySchool;
			const env = await create(school, { name: "silent-patch", universeId: 1, placeId: 2, openCloudApiKey: GOOD_KEY });
			expect(env.status).toBe(201);
			silent({ hang: true });
			const res = await request(t.app)
				.patch(`/v1/environments/${env.body.id}`)
				.set(bearer(school.token))
				.send({ openCloudApiKey: keyWith("never-checked", {}), placeId: 77 });
			expect([res.status, res.body.error.code]).toEqual([502, "upstream_failed"]);
			const after = await request(t.app).get(`/v1/environments/${env.body.id}`).set(bearer(school.token));
			expect([after.body.placeId, after.body.openCloudKey.lastFour, after.body.mode]).toEqual([2, "A1b2", "live"]);
		});
	});

	test("an empty key on PATCH removes it: dry run again, nothing sealed, audited as key_changed", async () => {
		const school = keySchool;
		const env = await create(school, { name: "removed-key", universeId: 1, placeId: 2, openCloudApiKey: GOOD_KEY });
		const removed = await request(t.app).patch(`/v1/environments/${env.body.id}`).set(bearer(school.token)).send({ openCloudApiKey: "" });
		expect([removed.status, removed.body.mode, removed.body.openCloudKey]).toEqual([200, "dry_run", { configured: false, scopes: [], missingScopes: [] }]);
		const [row] = await withTenant(t.infra.db, school.tenantId, (transaction) =>
			t.infra.db.query<{ api_key_sealed: string | null; api_key_last_four: string | null; key_status: unknown }>(
				"SELECT api_key_sealed, api_key_last_four, key_status FROM deployment_environments WHERE id = $1",
				{ bind: [env.body.id], type: QueryTypes.SELECT, transaction },
			),
		);
		expect(row).toEqual({ api_key_sealed: null, api_key_last_four: null, key_status: null });
		expect((await loadDeployTarget(t, school.tenantId, "removed-key")).mode).toBe("dry_run");
		const events = await audit(school.tenantId, env.body.id);
		expect(events.map((event) => [event.action, event.details?.configured])).toEqual([
			["environment.created", undefined],
			["environment.key_changed", true],
			["environment.key_changed", false],
		]);

		const rekeyed = await request(t.app).patch(`/v1/environments/${env.body.id}`).set(bearer(school.token)).send({ openCloudApiKey: GOOD_KEY });
		expect([rekeyed.body.mode, rekeyed.body.openCloudKey.lastFour]).toEqual(["live", "A1b2"]);
	});
});
