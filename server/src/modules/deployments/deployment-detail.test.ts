/**
 * The deployment in detail (GET /v1/deployments/{id}/detail) on the real service in dry run: who started it in words
 * (a person's name, an API key's name), each asset of the release and what the deployment did with it.
 */
import request from "supertest";
import { createTestDatabase, type TestDatabase } from "../../http/__tests__/harness";
import { addPerson, bearer, createKey, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { insertEnvironment, insertRelease, placeFile, pngFile } from "./__tests__/deploy-fixtures";
import { startDeployTestApp, waitForDeployment, type DeployTestApp } from "./__tests__/deploy-harness";

let database: TestDatabase;
let t: DeployTestApp;
let admin: SchoolAdmin;
let teacher: Person;
let other: SchoolAdmin;

beforeAll(async () => {
	database = await createTestDatabase("deployment_detail");
	t = await startDeployTestApp({ database });
	admin = await signupSchool(t, "Detail Academy");
	teacher = await addPerson(t, admin.tenantId, ["teacher"]);
	other = await signupSchool(t, "Elsewhere");
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("a deployment in detail", () => {
	it("names who started it and lists each asset: each uploaded by it, with its operation", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "detail" });
		const logo = pngFile("detail-logo");
		const release = await insertRelease(t, admin.tenantId, {
			place: placeFile("detail"),
			assets: [
				{ name: "images/logo.png", bytes: logo, assetType: "Image" },
				{ name: "images/copy.png", bytes: logo, assetType: "Image" },
				{ name: "images/map.png", bytes: pngFile("detail-map"), assetType: "Image" },
			],
		});
		const first = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "detail", releaseId: release.id });
		expect(first.status).toBe(202);
		await waitForDeployment(t, admin.token, first.body.id);
		const [me] = await systemQuery<{ display_name: string }>(t, "SELECT display_name FROM users WHERE id = $1", [admin.userId]);
		// Teachers read deployments too.
		const res = await request(t.app).get(`/v1/deployments/${first.body.id}/detail`).set(bearer(teacher.token));
		expect(res.status).toBe(200);
		expect(res.body.startedBy).toBe(me?.display_name);
		expect(res.body.deployment).toMatchObject({ id: first.body.id, status: "succeeded", releaseNumber: release.number });
		const assets = res.body.assets as Array<{ name: string; status: string; operationId?: string; assetId?: string }>;
		expect(assets.map((a) => [a.name, a.status])).toEqual([
			["images/copy.png", "done"],
			["images/logo.png", "done"],
			["images/map.png", "done"],
		]);
		// One upload per distinct file: both names of the logo share its operation and asset id.
		for (const asset of assets) expect(asset.operationId).toEqual(expect.any(String));
		expect(assets[0]?.operationId).toBe(assets[1]?.operationId);
		expect(assets[0]?.assetId).toBe(assets[1]?.assetId);

		// A key deploys the same release again (forced; a dry run keeps no asset ids, so it uploads them again).
		const key = await createKey(t, admin.token, ["deployments:write"]);
		const again = await request(t.app).post("/v1/deployments").set("X-Api-Key", key.secret).send({ environment: "detail", releaseId: release.id, force: true });
		expect(again.status).toBe(202);
		await waitForDeployment(t, admin.token, again.body.id);
		const second = await request(t.app).get(`/v1/deployments/${again.body.id}/detail`).set(bearer(admin.token));
		expect(second.body.startedBy).toBe("the API key “Test experience”");
		expect((second.body.assets as Array<{ name: string }>).map((a) => a.name)).toEqual(assets.map((a) => a.name));
	});

	it("another school's deployment, an unknown or malformed id: 404", async () => {
		await insertEnvironment(t, other.tenantId, { name: "theirs" });
		const release = await insertRelease(t, other.tenantId, { place: placeFile("theirs"), assets: [] });
		const theirs = await request(t.app).post("/v1/deployments").set(bearer(other.token)).send({ environment: "theirs", releaseId: release.id });
		expect(theirs.status).toBe(202);
		for (const id of [theirs.body.id, "3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "not-an-id"]) {
			const res = await request(t.app).get(`/v1/deployments/${id}/detail`).set(bearer(admin.token));
			expect(res.status).toBe(404);
			expect(JSON.stringify(res.body)).toContain("not_found");
		}
	});
});
