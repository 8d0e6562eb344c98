/**
 * Deployments API end to end on the real service (Postgres, BullMQ on Redis) in dry run (an environment without
 * an Open Cloud key): plan, deploy, what the dry-run file recorded against the plan, progress, listing,
 * permissions, one deployment per environment, refusals.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { createTestDatabase, type TestDatabase } from "../../http/__tests__/harness";
import { DRY_RUN_FILE } from "../../integrations/open-cloud/dry-run";
import { addPerson, auditActions, bearer, createKey, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { manifestOf, sha as shaOf, uploadFile } from "../releases/__tests__/release-fixtures";
import * as sample from "../releases/__tests__/sample-files";
import { images, insertEnvironment, insertRelease, placeFile, pngFile, sha256 } from "./__tests__/deploy-fixtures";
import { startDeployTestApp, waitForDeployment, type DeployTestApp } from "./__tests__/deploy-harness";

let database: TestDatabase;
let t: DeployTestApp;
let admin: SchoolAdmin;
let teacher: Person;

beforeAll(async () => {
	database = await createTestDatabase("deployments");
	t = await startDeployTestApp({ database });
	admin = await signupSchool(t, "Cedar Hill");
	teacher = await addPerson(t, admin.tenantId, ["teacher"]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

function dryRunLines(): Array<{ method: string; url: string; body?: string }> {
	try {
		return readFileSync(path.join(t.config.dataDir, DRY_RUN_FILE), "utf8")
			.trim()
			.split("\n")
			.filter(Boolean)
			.map((line) => JSON.parse(line));
	} catch {
		return [];
	}
}

/** "METHOD /path" with ids replaced by the plan's templates. */
function template(line: { method: string; url: string }): string {
	const p = new URL(line.url).pathname
		.replace(/^\/universes\/v1\/\d+\/places\/\d+\/versions$/, "/universes/v1/{universeId}/places/{placeId}/versions")
		.replace(/^\/assets\/v1\/operations\/[\w-]+$/, "/assets/v1/operations/{operationId}")
		.replace(/^\/cloud\/v2\/universes\/\d+/, "/cloud/v2/universes/{universeId}");
	return `${line.method} ${p}`;
}

describe("plan", () => {
	it("lists one upload per distinct file, the publish, the content entry and the message, without calling Roblox", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "plan-env" });
		const shared = pngFile("shared");
		const release = await insertRelease(t, admin.tenantId, {
			place: placeFile("p1"),
			assets: [
				{ name: "images/a.png", bytes: shared, assetType: "Image" },
				{ name: "images/b.png", bytes: shared, assetType: "Image" },
				{ name: "images/c.png", bytes: pngFile("c"), assetType: "Image" },
			],
		});
		const before = dryRunLines().length;
		const res = await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "plan-env", releaseId: release.id });
		expect(res.status).toBe(200);
		expect(res.body.mode).toBe("dry_run");
		expect(res.body.upToDate).toBe(false);
		expect(res.body.uploads.map((u: { sha256: string }) => u.sha256).sort()).toEqual([sha256(shared), sha256(pngFile("c"))].sort());
		expect(res.body.reused).toEqual([]);
		expect(res.body.publish).toMatchObject({ universeId: 4815162342, placeId: 1623420815, versionType: "Published" });
		expect(res.body.content).toMatchObject({ dataStore: "ToolBoxAI", entryId: "release", lessons: [] });
		expect(res.body.message).toEqual({ topic: "ToolBoxAI.release" });
		const counts = Object.fromEntries(res.body.calls.map((c: { method: string; path: string; count: number }) => [`${c.method} ${c.path}`, c.count]));
		expect(counts).toEqual({
			"POST /assets/v1/assets": 2,
			"GET /assets/v1/operations/{operationId}": 2,
			"POST /universes/v1/{universeId}/places/{placeId}/versions": 1,
			"PATCH /cloud/v2/universes/{universeId}/data-stores/ToolBoxAI/entries/release": 1,
			"POST /cloud/v2/universes/{universeId}:publishMessage": 1,
		});
		expect(res.body.totalCalls).toBe(7);
		expect(res.body.problems).toEqual([]);
		expect(dryRunLines().length).toBe(before);
	});

	it("plans a manifest that is not stored, naming the files the service does not hold", async () => {
		const place = placeFile("manifest");
		const res = await request(t.app)
			.post("/v1/deployments/plan")
			.set(bearer(admin.token))
			.send({ environment: "plan-env", release: { place: { sha256: sha256(place), size: place.length, fileName: "ToolBoxAI.rbxl" }, assets: [] } });
		expect(res.status).toBe(200);
		// Not a problem: a deploy of this manifest sends the file first.
		expect(res.body.filesToSend).toEqual([sha256(place)]);
		expect(res.body.problems).toEqual([]);
	});

	it("reports a key's missing scopes and files over Roblox's limits as problems", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "scopeless", apiKey: "key-without-scopes", ownerUserId: 7, missingScopes: ["universe-places:write"] });
		const place = placeFile("big");
		const res = await request(t.app)
			.post("/v1/deployments/plan")
			.set(bearer(admin.token))
			.send({
				environment: "scopeless",
				release: {
					place: { sha256: sha256(place), size: 11 * 1024 * 1024, fileName: "ToolBoxAI.rbxl" },
					assets: [{ name: "huge.png", sha256: sha256(pngFile("huge")), size: 21 * 1024 * 1024, assetType: "Image" }],
				},
			});
		expect(res.status).toBe(200);
		expect(res.body.mode).toBe("live");
		const problems = res.body.problems.join("\n");
		expect(problems).toContain("universe-places:write");
		expect(problems).toContain("10485760");
		expect(problems).toContain("huge.png");
	});

	it("answers 404 for an unknown environment and 422 without a release", async () => {
		expect(
			(
				await request(t.app)
					.post("/v1/deployments/plan")
					.set(bearer(admin.token))
					.send({ environment: "nowhere", release: { place: { sha256: sha256(placeFile("x")), size: 10, fileName: "a.rbxl" }, assets: [] } })
			).status,
		).toBe(404);
		expect((await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "plan-env" })).status).toBe(422);
	});
});

describe("deploy (dry run)", () => {
	it("runs every step, records exactly the planned requests, and tells the school's channel", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "dry" });
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("dry"), assets: images(3, "dry") });
		const plan = (await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "dry", releaseId: release.id })).body;
		const before = dryRunLines().length;
		const res = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "dry", releaseId: release.id });
		expect(res.status).toBe(202);
		expect(res.body).toMatchObject({ status: "queued", dryRun: true, kind: "deploy", environment: "dry", releaseId: release.id, releaseNumber: release.number });
		const done = await waitForDeployment(t, admin.token, res.body.id);
		expect(done.status).toBe("succeeded");
		expect(done.placeVersion).toBe(0);
		expect((done.steps as Array<{ name: string; status: string; done: number; total: number }>).map((s) => [s.name, s.status, s.done, s.total])).toEqual([
			["upload_assets", "done", 3, 3],
			["wait_for_assets", "done", 3, 3],
			["publish_place", "done", 1, 1],
			["push_content", "done", 1, 1],
			["message_servers", "done", 1, 1],
		]);
		const recorded = dryRunLines().slice(before);
		const seen: Record<string, number> = {};
		for (const line of recorded) seen[template(line)] = (seen[template(line)] ?? 0) + 1;
		const planned = Object.fromEntries(plan.calls.map((c: { method: string; path: string; count: number }) => [`${c.method} ${c.path}`, c.count]));
		expect(seen).toEqual(planned);
		expect(recorded.length).toBe(plan.totalCalls);
		// A dry run uploads nothing: the environment's asset map stays empty.
		expect(await systemQuery(t, "SELECT * FROM environment_assets WHERE tenant_id = $1", [admin.tenantId])).toEqual([]);
		const events = t.published.filter(
			(p) => p.channel === `private-school-${admin.tenantId}` && p.event === "deployment.updated" && (p.data as { deploymentId: string }).deploymentId === res.body.id,
		);
		expect(events.length).toBeGreaterThanOrEqual(3);
		const last = events[events.length - 1]?.data as { status: string; steps: unknown[] } | undefined;
		expect(last?.status).toBe("succeeded");
		// A summary, not the deployment: ids, status and step counts only.
		expect(Object.keys(last ?? {}).sort()).toEqual(["deploymentId", "environment", "environmentId", "kind", "releaseNumber", "status", "steps", "updatedAt"]);
		expect(t.published.filter((p) => p.channel === `private-deployment-${res.body.id}`).length).toBe(events.length);
		expect(await auditActions(t, admin.tenantId)).toContain("deployment.started");
	});

	it("deploys a release made through the releases API once its last file is uploaded (before: 422 naming it)", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "via-api" });
		const place = Buffer.concat([sample.rbxl(), Buffer.from("via api")]);
		const logo = Buffer.concat([sample.png(), Buffer.from("via api logo")]);
		const created = await request(t.app)
			.post("/v1/releases")
			.set(bearer(admin.token))
			.send(manifestOf({ place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets: [{ name: "images/logo.png", bytes: logo, assetType: "Image" }] }));
		expect(created.status).toBe(201);
		expect((await uploadFile(t, bearer(admin.token), created.body.id, shaOf(place), place)).status).toBe(201);
		const plan = await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "via-api", releaseId: created.body.id });
		expect(plan.body.problems.join(" ")).toContain(shaOf(logo));
		const early = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "via-api", releaseId: created.body.id });
		expect(early.status).toBe(422);
		expect((await uploadFile(t, bearer(admin.token), created.body.id, shaOf(logo), logo)).status).toBe(201);
		const res = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "via-api", releaseId: created.body.id });
		expect(res.status).toBe(202);
		const done = await waitForDeployment(t, admin.token, res.body.id);
		expect(done.status).toBe("succeeded");
		const uploadLine = dryRunLines()
			.reverse()
			.find((line) => template(line) === "POST /assets/v1/assets");
		expect(uploadLine?.body).toContain("image/png");
		expect(uploadLine?.body).toContain(shaOf(logo));
	});

	it("does nothing for an identical redeploy unless forced", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "same" });
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("same"), assets: [] });
		const first = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "same", releaseId: release.id });
		expect((await waitForDeployment(t, admin.token, first.body.id)).status).toBe("succeeded");
		const plan = await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "same", releaseId: release.id });
		expect(plan.body).toMatchObject({ upToDate: true, totalCalls: 0, calls: [] });
		const before = dryRunLines().length;
		const again = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "same", releaseId: release.id });
		const done = await waitForDeployment(t, admin.token, again.body.id);
		expect(done.status).toBe("succeeded");
		expect((done.steps as Array<{ status: string }>).every((s) => s.status === "skipped")).toBe(true);
		expect(dryRunLines().length).toBe(before);
		const forced = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "same", releaseId: release.id, force: true });
		expect((await waitForDeployment(t, admin.token, forced.body.id)).status).toBe("succeeded");
		expect(dryRunLines().length).toBe(before + 3);
	});

	it("refuses an incomplete release (422) and a second deployment of a busy environment (409 naming it)", async () => {
		const env = await insertEnvironment(t, admin.tenantId, { name: "busy" });
		const missing = pngFile("missing");
		const incomplete = await insertRelease(t, admin.tenantId, {
			place: placeFile("inc"),
			assets: [{ name: "m.png", bytes: missing, assetType: "Image" }],
			withoutFiles: [sha256(missing)],
		});
		const refused = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "busy", releaseId: incomplete.id });
		expect(refused.status).toBe(422);
		expect(refused.body.error.message).toContain(sha256(missing));
		const ready = await insertRelease(t, admin.tenantId, { place: placeFile("busy"), assets: [] });
		// A deployment that holds the environment (as if running elsewhere).
		const [running] = await systemQuery<{ id: string }>(
			t,
			"INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run, lease_until) VALUES ($1, $2, $3, 'deploy', 'running', true, now() + interval '1 hour') RETURNING id",
			[admin.tenantId, env.id, ready.id],
		);
		const conflict = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "busy", releaseId: ready.id });
		expect(conflict.status).toBe(409);
		expect(conflict.body.error.message).toContain(running?.id);
		await systemQuery(t, "UPDATE deployments SET status = 'failed', lease_until = NULL WHERE id = $1", [running?.id]);
	});
});

describe("reading and access", () => {
	it("lists newest first with an environment filter and a cursor", async () => {
		await insertEnvironment(t, admin.tenantId, { name: "listed" });
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("listed"), assets: [] });
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			const res = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "listed", releaseId: release.id, force: true });
			ids.push(res.body.id);
			await waitForDeployment(t, admin.token, res.body.id);
		}
		const page1 = await request(t.app).get("/v1/deployments?environment=listed&limit=2").set(bearer(teacher.token));
		expect(page1.status).toBe(200);
		expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
		const page2 = await request(t.app).get(`/v1/deployments?environment=listed&limit=2&cursor=${page1.body.nextCursor}`).set(bearer(teacher.token));
		expect(page2.body.items.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
		expect(page2.body.nextCursor).toBeUndefined();
		expect((await request(t.app).get("/v1/deployments?cursor=nonsense").set(bearer(teacher.token))).status).toBe(400);
	});

	it("lets a teacher read but not deploy; an API key with deployments:write deploys; a key without it cannot", async () => {
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("keyed"), assets: [] });
		await insertEnvironment(t, admin.tenantId, { name: "keyed" });
		expect((await request(t.app).post("/v1/deployments").set(bearer(teacher.token)).send({ environment: "keyed", releaseId: release.id })).status).toBe(403);
		const ci = await createKey(t, admin.token, ["deployments:write"]);
		const res = await request(t.app).post("/v1/deployments").set("X-Api-Key", ci.secret).send({ environment: "keyed", releaseId: release.id });
		expect(res.status).toBe(202);
		expect((await waitForDeployment(t, admin.token, res.body.id)).status).toBe("succeeded");
		expect((await request(t.app).get(`/v1/deployments/${res.body.id}`).set("X-Api-Key", ci.secret)).status).toBe(200);
		const game = await createKey(t, admin.token, ["runtime:read"]);
		expect((await request(t.app).get(`/v1/deployments/${res.body.id}`).set("X-Api-Key", game.secret)).status).toBe(403);
		expect((await request(t.app).get("/v1/deployments/not-a-uuid").set(bearer(teacher.token))).status).toBe(404);
	});
});
