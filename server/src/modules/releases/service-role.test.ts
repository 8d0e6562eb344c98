/**
 * Production runs the service as a login role that owns no table (db/rls.ts). Releases must work through the tenant
 * scope alone (numbering lock, bulk asset insert, stored_files), and another school's rows stay invisible.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { bearer, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { createRelease, manifestOf, sha, uploadFile } from "./__tests__/release-fixtures";
import * as sample from "./__tests__/sample-files";
import { loadReleaseForDeploy } from "./release-for-deploy";
import { readStoredFile } from "./stored-file";

let roles: ServiceRoleApps;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("releases");
	({ service, login } = roles);
});
afterAll(() => roles?.close());

async function school(name: string): Promise<{ tenantId: string; token: string }> {
	const school = await signupSchool(service, name);
	return { tenantId: school.tenantId, token: school.token };
}

test("declare, upload, list and read releases as the service role; nothing is visible unscoped or to another school", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const a = await school("Service Role Releases A");
	const b = await school("Service Role Releases B");
	const place = Buffer.concat([sample.rbxl(), Buffer.from("service role place")]);
	const logo = sample.png(2, 2);
	const files = { place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets: [{ name: "images/logo.png", bytes: logo, assetType: "Image" as const }] };

	// Three contents (the same files under other names: an identical manifest would answer the existing release).
	const named = (i: number) => ({ ...files, assets: files.assets.map((asset) => ({ ...asset, name: `images/logo-${i}.png` })) });
	const concurrent = await Promise.all([0, 1, 2].map((i) => createRelease(service, bearer(a.token), manifestOf(named(i)))));
	expect(concurrent.map((res) => res.status)).toEqual([201, 201, 201]);
	expect(concurrent.map((res) => res.body.number).sort()).toEqual([1, 2, 3]);
	const release = concurrent[0]!.body;
	expect(release.missingFiles).toEqual([sha(place), sha(logo)]);
	expect((await uploadFile(service, bearer(a.token), release.id, sha(place), place)).status).toBe(201);
	expect((await uploadFile(service, bearer(a.token), release.id, sha(logo), logo)).status).toBe(201);
	expect((await uploadFile(service, bearer(a.token), release.id, sha(logo), logo)).status).toBe(200);
	const listed = await request(service.app).get("/v1/releases").set(bearer(a.token));
	expect(listed.body.items.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
		[3, "ready"],
		[2, "ready"],
		[1, "ready"],
	]);
	expect(await loadReleaseForDeploy(service.infra.db, a.tenantId, release.id)).toMatchObject({ status: "ready", missingFiles: [] });
	const again = await createRelease(service, bearer(a.token), manifestOf(named(0)));
	expect(again.status).toBe(200);
	expect(again.body).toMatchObject({ id: concurrent[0]!.body.id, status: "ready" });
	expect(await readStoredFile(service.infra.storage, a.tenantId, sha(place))).toEqual(place);

	// School B: numbers of its own, A's release unknown, A's files not held by B.
	expect((await request(service.app).get(`/v1/releases/${release.id}`).set(bearer(b.token))).status).toBe(404);
	expect((await uploadFile(service, bearer(b.token), release.id, sha(place), place)).status).toBe(404);
	const own = await createRelease(service, bearer(b.token), manifestOf(files));
	expect(own.body).toMatchObject({ number: 1, missingFiles: [sha(place), sha(logo)] });
	await expect(loadReleaseForDeploy(service.infra.db, b.tenantId, release.id)).rejects.toMatchObject({ code: "not_found" });

	for (const table of ["releases", "release_assets", "stored_files"]) {
		const [unscoped] = await service.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT });
		expect({ table, n: unscoped?.n }).toEqual({ table, n: 0 });
	}
});
