/**
 * Deploys against the local Open Cloud fake (real HTTP, the real client and live transport, a simulated clock so
 * rate-limit waits and operation polls take no real time): hash diffing over 200 assets, the documented rate
 * limits never exceeded, 429 / 5xx / 409 Team Create within a deploy, and rollback.
 */
import { ReleaseAnnouncement, ReleaseContentEntry } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import request from "supertest";
import { parseExposition, sampleValue } from "../../__tests__/metrics-exposition";
import { createTestDatabase, type TestDatabase } from "../../http/__tests__/harness";
import { waitForOutboxMails } from "../../integrations/mail/__tests__/outbox-mails";
import { metricsRegistry } from "../../observability/metrics";
import { FakeOpenCloud, parseMultipart, type RecordedRequest } from "../../integrations/open-cloud/__tests__/fake-open-cloud";
import { until } from "../../jobs/__tests__/until";
import { API_KEY, busiestWindow, simulatedClock } from "../../integrations/open-cloud/__tests__/test-kit";
import { DOCUMENTED_LIMITS } from "../../integrations/open-cloud/rate-limit";
import { createLessonAs } from "../lessons/__tests__/lesson-school";
import { sampleContent } from "../lessons/__tests__/lesson-fixtures";
import { auditActions, bearer, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { images, insertEnvironment, insertRelease, placeFile, pngFile, sha256 } from "./__tests__/deploy-fixtures";
import { startDeployTestApp, waitForDeployment, type DeployTestApp } from "./__tests__/deploy-harness";

jest.setTimeout(180_000);

let database: TestDatabase;
let fake: FakeOpenCloud;
let t: DeployTestApp;
let admin: SchoolAdmin;
let nextPlace = 9000;

beforeAll(async () => {
	database = await createTestDatabase("live_deploy");
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 2 }).start();
	t = await startDeployTestApp({ database, fake, clock: simulatedClock() });
	admin = await signupSchool(t, "Juniper Falls");
});

afterAll(async () => {
	await t?.close();
	await fake?.close();
	await database?.drop();
});

async function liveEnvironment(name: string): Promise<{ id: string; universeId: number; placeId: number }> {
	nextPlace += 1;
	return insertEnvironment(t, admin.tenantId, { name, apiKey: API_KEY, ownerUserId: 31337, universeId: 70000 + nextPlace, placeId: nextPlace });
}

async function deploy(environment: string, releaseId: string, extra: Record<string, unknown> = {}) {
	const res = await request(t.app)
		.post("/v1/deployments")
		.set(bearer(admin.token))
		.send({ environment, releaseId, ...extra });
	if (res.status !== 202) throw new Error(`deploy answered ${res.status}: ${JSON.stringify(res.body)}`);
	return waitForDeployment(t, admin.token, res.body.id);
}

function kind(r: RecordedRequest): string {
	if (r.method === "POST" && r.path === "/assets/v1/assets") return "create";
	if (r.method === "GET" && r.path.startsWith("/assets/v1/operations/")) return "poll";
	if (r.method === "POST" && r.path.includes("/places/")) return "publish";
	if (r.method === "PATCH" && r.path.includes("/data-stores/")) return "datastore";
	if (r.method === "POST" && r.path.endsWith(":publishMessage")) return "message";
	return `other ${r.method} ${r.path}`;
}

function countByKind(requests: ReadonlyArray<RecordedRequest>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const r of requests) counts[kind(r)] = (counts[kind(r)] ?? 0) + 1;
	return counts;
}

/** sha256 of the file each answered create uploaded. */
function createdFiles(requests: ReadonlyArray<RecordedRequest>): string[] {
	return requests
		.filter((r) => kind(r) === "create" && r.status === 200)
		.map((r) => {
			const parts = parseMultipart(r.body, r.headers["content-type"]);
			if (typeof parts === "string") throw new Error(parts);
			return sha256(parts.find((p) => p.name === "fileContent")?.body ?? Buffer.alloc(0));
		});
}

const entryOf = (universeId: number) =>
	fake.entries.get(`${universeId}/ToolBoxAI/global/release`) as {
		releaseId: string;
		releaseNumber: number;
		assets: Record<string, string>;
		lessons: Array<{ lessonId: string; version: string; content: { title: string } }>;
	};

describe("hash diffing over 200 assets", () => {
	it("uploads all 200 once within the documented limits, then 1 changed file → 1 create + its polls + 1 publish + 1 entry + 1 message; identical → 0 calls", async () => {
		const env = await liveEnvironment("two-hundred");
		const place = placeFile("200");
		const assets = images(200, "base");
		const r1 = await insertRelease(t, admin.tenantId, { place, assets });
		const start = fake.requests.length;
		const first = await deploy("two-hundred", r1.id);
		expect(first.status).toBe("succeeded");
		const firstRequests = fake.requests.slice(start);
		expect(countByKind(firstRequests)).toEqual({ create: 200, poll: 600, publish: 1, datastore: 1, message: 1 });
		expect(new Set(createdFiles(firstRequests)).size).toBe(200);
		// Per key owner, per endpoint group, no 60-second window over the documented limit.
		// 200 creates against 120/min: the limit binds (the busiest minute is full, never over). Polls back off on their own.
		expect(busiestWindow(firstRequests.filter((r) => kind(r) === "create").map((r) => r.at))).toBe(DOCUMENTED_LIMITS["assets-write"]);
		expect(busiestWindow(firstRequests.filter((r) => kind(r) === "poll").map((r) => r.at))).toBeLessThanOrEqual(DOCUMENTED_LIMITS["assets-operations"]);
		expect(firstRequests.every((r) => r.status === 200)).toBe(true);
		expect(firstRequests.every((r) => r.headers["x-api-key"] === API_KEY)).toBe(true);
		const map = await systemQuery<{ n: string }>(t, "SELECT count(*)::text AS n FROM environment_assets WHERE environment_id = $1", [env.id]);
		expect(map[0]?.n).toBe("200");
		const firstEntry = structuredClone(entryOf(env.universeId));
		expect(Object.keys(firstEntry.assets)).toHaveLength(200);

		const changed = [...assets.slice(0, 199), { ...assets[199], bytes: pngFile("changed") } as (typeof assets)[number]];
		const r2 = await insertRelease(t, admin.tenantId, { place, assets: changed });
		const plan = (await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send({ environment: "two-hundred", releaseId: r2.id })).body;
		expect(plan.uploads).toHaveLength(1);
		expect(plan.reused).toHaveLength(199);
		expect(plan.totalCalls).toBe(5);
		const before = fake.requests.length;
		const second = await deploy("two-hundred", r2.id);
		expect(second.status).toBe("succeeded");
		const secondRequests = fake.requests.slice(before);
		// pollsUntilDone 2: the one operation answers without `done` twice, then done.
		expect(countByKind(secondRequests)).toEqual({ create: 1, poll: 3, publish: 1, datastore: 1, message: 1 });
		expect(createdFiles(secondRequests)).toEqual([sha256(pngFile("changed"))]);
		const entry = entryOf(env.universeId);
		expect(entry.releaseId).toBe(r2.id);
		// Only the changed file has a new asset id; the other 199 keep theirs.
		const changedName = changed[199]?.name as string;
		expect(entry.assets[changedName]).not.toBe(firstEntry.assets[changedName]);
		expect({ ...entry.assets, [changedName]: "" }).toEqual({ ...firstEntry.assets, [changedName]: "" });
		const message = fake.messages[fake.messages.length - 1];
		expect(message?.topic).toBe("ToolBoxAI.release");
		expect(JSON.parse(message?.message ?? "{}")).toEqual({ releaseId: r2.id, releaseNumber: r2.number, placeVersion: second.placeVersion });

		const idle = fake.requests.length;
		const third = await deploy("two-hundred", r2.id);
		expect(third.status).toBe("succeeded");
		expect(fake.requests.length).toBe(idle);
	});
});

describe("Roblox refusing or throttling within a deploy", () => {
	it("waits out a 429 on an asset create (retry-after) and still uploads each file once", async () => {
		await liveEnvironment("throttled");
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("429"), assets: images(3, "throttled") });
		fake.inject(/^POST \/assets\/v1\/assets$/, {
			status: 429,
			headers: { "retry-after": "30" },
			body: JSON.stringify({ code: "RESOURCE_EXHAUSTED", message: "Too many requests" }),
		});
		const start = fake.requests.length;
		const done = await deploy("throttled", release.id);
		expect(done.status).toBe("succeeded");
		const creates = fake.requests.slice(start).filter((r) => kind(r) === "create");
		expect(creates.map((r) => r.status).filter((s) => s === 429)).toHaveLength(1);
		const throttledAt = (creates.find((r) => r.status === 429) as RecordedRequest).at;
		for (const later of creates.filter((r) => r.at > throttledAt)) expect(later.at - throttledAt).toBeGreaterThanOrEqual(30_000);
		expect(new Set(createdFiles(creates)).size).toBe(3);
		expect(createdFiles(creates)).toHaveLength(3);
	});

	it("retries a publish answered 500 (publishing is safe to repeat) and succeeds", async () => {
		await liveEnvironment("flaky");
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("500"), assets: [] });
		fake.inject(/^POST \/universes\/v1\/\d+\/places\/\d+\/versions$/, {
			status: 500,
			body: JSON.stringify({
				type: "https://tools.ietf.org/html/rfc7231#section-6.6.1",
				title: "An error occurred while processing your request.",
				status: 500,
				traceId: "00-abc-def-00",
			}),
		});
		const start = fake.requests.length;
		const done = await deploy("flaky", release.id);
		expect(done.status).toBe("succeeded");
		expect(
			fake.requests
				.slice(start)
				.filter((r) => kind(r) === "publish")
				.map((r) => r.status),
		).toEqual([500, 200]);
		expect(done.placeVersion).toBe(1);
	});

	it("fails cleanly (Roblox's reason, no stack) when publishing answers 500 on every try", async () => {
		await liveEnvironment("down");
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("down"), assets: [] });
		const problem = JSON.stringify({
			type: "https://tools.ietf.org/html/rfc7231#section-6.6.1",
			title: "An error occurred while processing your request.",
			status: 500,
			traceId: "00-abc-def-00",
		});
		fake.inject(/^POST \/universes\/v1\/\d+\/places\/\d+\/versions$/, ...Array.from({ length: 5 }, () => ({ status: 500, body: problem })));
		const start = fake.requests.length;
		const done = await deploy("down", release.id);
		expect(done.status).toBe("failed");
		expect(done.error).toMatchObject({ code: "open_cloud_internal" });
		expect(JSON.stringify(done.error)).not.toMatch(/\bat \w+ \(|\.ts:\d+/);
		expect(
			fake.requests
				.slice(start)
				.filter((r) => kind(r) === "publish")
				.map((r) => r.status),
		).toEqual([500, 500, 500, 500, 500]);
	});

	it("fails cleanly when Roblox cannot process an uploaded file (operation done with an error), before publishing", async () => {
		await liveEnvironment("bad-file");
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("bad-file"), assets: images(1, "bad-file") });
		fake.inject(/^GET \/assets\/v1\/operations\//, {
			status: 200,
			body: JSON.stringify({ path: "operations/x", done: true, error: { code: "INVALID_ARGUMENT", message: "The image could not be decoded." } }),
		});
		const start = fake.requests.length;
		const done = await deploy("bad-file", release.id);
		expect(done.status).toBe("failed");
		expect(done.error).toMatchObject({ code: "open_cloud_operation_failed" });
		expect((done.error as { message: string }).message).toContain("could not be decoded");
		expect(countByKind(fake.requests.slice(start))).toEqual({ create: 1, poll: 1 });
		const steps = Object.fromEntries((done.steps as Array<{ name: string; status: string }>).map((s) => [s.name, s.status]));
		expect(steps).toMatchObject({ upload_assets: "done", wait_for_assets: "failed", publish_place: "pending" });
	});

	it("fails with Roblox's reason when the place is open in Team Create (409), and stops before pushing content", async () => {
		await liveEnvironment("team-create");
		const release = await insertRelease(t, admin.tenantId, { place: placeFile("409"), assets: [] });
		fake.inject(/^POST \/universes\/v1\/\d+\/places\/\d+\/versions$/, {
			status: 409,
			body: JSON.stringify({ errors: [{ code: 409, message: "Place is currently open in Team Create." }] }),
		});
		const start = fake.requests.length;
		const done = await deploy("team-create", release.id);
		expect(done.status).toBe("failed");
		expect(done.error).toMatchObject({ code: "open_cloud_conflict" });
		expect((done.error as { message: string }).message).toContain("Team Create");
		// The admin who started it is told by mail, with Roblox's reason.
		// (Earlier failed deployments in this file mailed too: this one's mail is the one naming its environment.)
		let mail: { text_body: string } | undefined;
		await until(
			async () => {
				mail = (await waitForOutboxMails(t.infra.db, { to: admin.email, template: "deployment-failed", timeoutMs: 0 })).find(
					(m) => m.subject === "Deployment to team-create failed",
				);
				return mail !== undefined;
			},
			{ what: "the deployment-failed mail" },
		);
		expect(mail?.text_body).toContain("Place is currently open in Team Create.");
		const steps = Object.fromEntries((done.steps as Array<{ name: string; status: string }>).map((s) => [s.name, s.status]));
		expect(steps).toEqual({ upload_assets: "skipped", wait_for_assets: "skipped", publish_place: "failed", push_content: "pending", message_servers: "pending" });
		expect(countByKind(fake.requests.slice(start))).toEqual({ publish: 1 });
		// The environment is free again: a new deploy is accepted.
		const again = await request(t.app).post("/v1/deployments").set(bearer(admin.token)).send({ environment: "team-create", releaseId: release.id });
		expect(again.status).toBe(202);
		expect((await waitForDeployment(t, admin.token, again.body.id)).status).toBe("succeeded");
	});
});

describe("rollback", () => {
	it("publishes release 1's stored place file as a new version and restores its content entry, uploading nothing", async () => {
		const env = await liveEnvironment("roll");
		const lesson = await createLessonAs(t, admin.token, { title: "Volcanoes" });
		for (const [version, title] of [
			["1.0.0", "Volcanoes, first cut"],
			["1.1.0", "Volcanoes, revised"],
		] as const) {
			const res = await request(t.app)
				.post(`/v1/lessons/${lesson.id}/versions`)
				.set(bearer(admin.token))
				.send({ version, content: sampleContent(title) });
			expect(res.status).toBe(201);
		}
		const place1 = placeFile("roll-1");
		const place2 = placeFile("roll-2");
		const r1 = await insertRelease(t, admin.tenantId, { place: place1, assets: images(2, "roll-1"), lessons: [{ lessonId: lesson.id, version: "1.0.0" }] });
		const r2 = await insertRelease(t, admin.tenantId, { place: place2, assets: images(2, "roll-2"), lessons: [{ lessonId: lesson.id, version: "1.1.0" }] });
		const d1 = await deploy("roll", r1.id);
		expect(d1.placeVersion).toBe(1);
		const entry1 = structuredClone(entryOf(env.universeId));
		expect(entry1.lessons[0]?.content.title).toBe("Volcanoes, first cut");
		// What game servers read (entry) and hear (message) is exactly what the shared contracts describe.
		const checked = parse(ReleaseContentEntry, JSON.parse(JSON.stringify(entry1)));
		expect(checked.ok ? [] : checked).toEqual([]);
		expect(parse(ReleaseAnnouncement, JSON.parse(fake.messages[fake.messages.length - 1]?.message ?? "null"))).toMatchObject({
			ok: true,
			value: { releaseId: r1.id, placeVersion: 1 },
		});
		const d2 = await deploy("roll", r2.id);
		expect(d2.placeVersion).toBe(2);
		expect(entryOf(env.universeId).lessons[0]?.content.title).toBe("Volcanoes, revised");

		expect((await request(t.app).post(`/v1/deployments/${d1.id}/rollback`).set(bearer(admin.token)).send({ environment: "two-hundred" })).status).toBe(422);
		const start = fake.requests.length;
		const res = await request(t.app).post(`/v1/deployments/${d1.id}/rollback`).set(bearer(admin.token)).send({ environment: "roll" });
		expect(res.status).toBe(202);
		expect(res.body).toMatchObject({ kind: "rollback", rollbackOf: d1.id, releaseId: r1.id, environment: "roll" });
		const d3 = await waitForDeployment(t, admin.token, res.body.id);
		expect(d3.status).toBe("succeeded");
		expect(d3.placeVersion).toBe(3);
		const published = fake.requests.slice(start).filter((r) => kind(r) === "publish");
		expect(published).toHaveLength(1);
		expect(Buffer.compare(published[0]?.body as Buffer, place1)).toBe(0);
		expect(entryOf(env.universeId)).toEqual(entry1);
		expect(countByKind(fake.requests.slice(start))).toEqual({ publish: 1, datastore: 1, message: 1 });
		expect(await auditActions(t, admin.tenantId)).toContain("rollback.started");
	});

	it("refuses to roll back to a deployment that failed, and answers 404 for an unknown one", async () => {
		const [failed] = await systemQuery<{ id: string }>(t, "SELECT id FROM deployments WHERE tenant_id = $1 AND status = 'failed' LIMIT 1", [admin.tenantId]);
		expect(failed).toBeDefined();
		const res = await request(t.app).post(`/v1/deployments/${failed?.id}/rollback`).set(bearer(admin.token)).send({});
		expect(res.status).toBe(422);
		expect((await request(t.app).post("/v1/deployments/00000000-0000-4000-8000-000000000000/rollback").set(bearer(admin.token)).send({})).status).toBe(404);
	});
});

describe("metrics", () => {
	it("counts every deployment this file ran to its end, by outcome", async () => {
		const rows = await systemQuery<{ status: string; n: number }>(t, "SELECT status, count(*)::int AS n FROM deployments WHERE status IN ('succeeded', 'failed') GROUP BY status");
		const stored = Object.fromEntries(rows.map((row) => [row.status, row.n]));
		expect(stored.succeeded).toBeGreaterThan(0);
		expect(stored.failed).toBeGreaterThan(0);
		const samples = parseExposition(await metricsRegistry.metrics());
		expect(sampleValue(samples, "toolboxai_deployments_finished_total", { outcome: "succeeded" })).toBe(stored.succeeded);
		expect(sampleValue(samples, "toolboxai_deployments_finished_total", { outcome: "failed" })).toBe(stored.failed);
	});
});
