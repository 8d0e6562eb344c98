/**
 * With SUPABASE_URL set the service keeps files in Supabase Storage: the whole release flow through the real app,
 * against the local Supabase fake, lands the bytes at tenants/<tenant>/files/<sha256> in the bucket.
 */
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { FakeSupabase } from "../../integrations/storage/__tests__/fake-supabase";
import { bearer, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { createRelease, manifestOf, sha, uploadFile } from "./__tests__/release-fixtures";
import * as sample from "./__tests__/sample-files";
import { readStoredFile } from "./stored-file";

let database: TestDatabase;
let fake: FakeSupabase;
let t: TestApp;
let admin: SchoolAdmin;

beforeAll(async () => {
	fake = await new FakeSupabase({ bucket: "school-files" }).start();
	database = await createTestDatabase("releases_supabase");
	t = await startTestApp({ database, env: { SUPABASE_URL: fake.url, SUPABASE_SERVICE_ROLE_KEY: fake.serviceRoleKey, SUPABASE_STORAGE_BUCKET: "school-files" } });
	admin = await signupSchool(t, "Cloud Academy");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.stop();
});

it("the infrastructure picks the Supabase driver", () => {
	expect(t.infra.storage.driver).toBe("supabase");
	expect(t.logs.find((line) => line.msg === "infrastructure drivers")).toMatchObject({ storage: "supabase" });
});

it("uploads land in the bucket under the school's prefix, and read back through the deploy seam", async () => {
	const place = Buffer.concat([sample.rbxl(), Buffer.from("cloud place")]);
	const release = await createRelease(t, bearer(admin.token), manifestOf({ place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets: [] }));
	expect(release.status).toBe(201);
	const uploaded = await uploadFile(t, bearer(admin.token), release.body.id, sha(place), place);
	expect(uploaded.status).toBe(201);
	expect(fake.objects.get(`tenants/${admin.tenantId}/files/${sha(place)}`)).toMatchObject({ bytes: place, contentType: "application/octet-stream" });
	expect(await readStoredFile(t.infra.storage, admin.tenantId, sha(place))).toEqual(place);
	expect((await request(t.app).get(`/v1/releases/${release.body.id}`).set(bearer(admin.token))).body.status).toBe("ready");
});

it("storage down during an upload: 503 unavailable, no stored_files row, the file still missing; a retry later stores it", async () => {
	const place = Buffer.concat([sample.rbxl(), Buffer.from("flaky place")]);
	const release = await createRelease(t, bearer(admin.token), manifestOf({ place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets: [] }));
	fake.inject({ status: 503 }, 3);
	const refused = await uploadFile(t, bearer(admin.token), release.body.id, sha(place), place);
	expect(refused.status).toBe(503);
	expect(refused.body.error.code).toBe("unavailable");
	expect(refused.text).not.toContain(fake.url);
	expect((await request(t.app).get(`/v1/releases/${release.body.id}`).set(bearer(admin.token))).body.missingFiles).toEqual([sha(place)]);
	expect((await uploadFile(t, bearer(admin.token), release.body.id, sha(place), place)).status).toBe(201);
});
