import { createHmac, randomBytes } from "node:crypto";
import { pino } from "pino";
import request from "supertest";
import { classChannel, deploymentChannel, schoolChannel } from "@toolboxai/shared";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { startFakePusherApi, type FakePusherApi } from "../../integrations/realtime/__tests__/fake-pusher-api";
import { type ClassSchool, classSchool, createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
import { insertEnvironment, insertRelease, placeFile } from "../deployments/__tests__/deploy-fixtures";
import { runDeploymentJob } from "../deployments/job/run-deployment-job";
import { bearer, type SchoolAdmin, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { type Listening, listen, openStream } from "./__tests__/sse-client";
import { realtimeModule } from "./routes";

const PUSHER = { appId: "777", key: "realtime-test-key", secret: "realtime-test-secret" };

let database: TestDatabase;
let fake: FakePusherApi;
/** Instance A (with Pusher) and B (without), on one database and one Redis prefix: two instances of one service. */
let a: TestApp;
let b: TestApp;
let onA: Listening;
let onB: Listening;
let school: ClassSchool;
let other: SchoolAdmin;
let classOfA: string;
let classOfB: string;
let deploymentId: string;

beforeAll(async () => {
	database = await createTestDatabase("realtime");
	fake = await startFakePusherApi(PUSHER);
	const redisPrefix = `tbx-test-realtime-${process.pid}-${Date.now()}`;
	// Instances of one service share the master key (their signing keys are sealed with it) and the Redis prefix.
	const SECRETS_KEY = randomBytes(32).toString("base64");
	a = await startTestApp({
		database,
		redisPrefix,
		env: {
			SECRETS_KEY,
			PUSHER_APP_ID: PUSHER.appId,
			PUSHER_KEY: PUSHER.key,
			PUSHER_SECRET: PUSHER.secret,
			PUSHER_HOST: fake.host,
			PUSHER_PORT: String(fake.port),
			PUSHER_USE_TLS: "false",
		},
	});
	b = await startTestApp({ database, redisPrefix, env: { SECRETS_KEY } });
	[onA, onB] = [await listen(a.app), await listen(b.app)];
	school = await classSchool(a, "Realtime Academy");
	other = await signupSchool(a, "Other School");
	classOfA = (await createClassAs(a, school.teacherA.token)).id;
	classOfB = (await createClassAs(a, school.teacherB.token)).id;
	await insertEnvironment(a, school.admin.tenantId, { name: "staging" });
	const release = await insertRelease(a, school.admin.tenantId, { place: placeFile("realtime"), assets: [] });
	const started = await request(a.app).post("/v1/deployments").set(bearer(school.admin.token)).send({ environment: "staging", releaseId: release.id });
	expect(started.status).toBe(202);
	deploymentId = started.body.id;
});

afterAll(async () => {
	await onA?.close();
	await onB?.close();
	await a?.close();
	await b?.close();
	await fake?.close();
	await database?.drop();
});

const auth = (token: string | undefined, channel: string, app: TestApp = a, socketId = "1234.5678") => {
	const call = request(app.app).post("/v1/realtime/auth");
	return (token === undefined ? call : call.set(bearer(token))).send({ socket_id: socketId, channel_name: channel });
};
const hmac = (socketId: string, channel: string) => createHmac("sha256", PUSHER.secret).update(`${socketId}:${channel}`).digest("hex");

describe("POST /v1/realtime/auth (pusher-js channelAuthorization)", () => {
	it("signs a teacher's own class channel: the HMAC recomputed with the app secret matches", async () => {
		const channel = classChannel(classOfA);
		const res = await auth(school.teacherA.token, channel);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ auth: `${PUSHER.key}:${hmac("1234.5678", channel)}` });
	});

	it("refuses a teacher another teacher's class (403); the school's admin gets both", async () => {
		expect((await auth(school.teacherA.token, classChannel(classOfB))).status).toBe(403);
		expect((await auth(school.admin.token, classChannel(classOfA))).status).toBe(200);
		expect((await auth(school.admin.token, classChannel(classOfB))).status).toBe(200);
	});

	it("never signs another school's channels, whatever the role", async () => {
		for (const channel of [classChannel(classOfA), schoolChannel(school.admin.tenantId), deploymentChannel(deploymentId)]) {
			const res = await auth(other.token, channel);
			expect(res.status).toBe(403);
			expect(res.body.error.code).toBe("forbidden");
		}
		expect((await auth(other.token, schoolChannel(other.tenantId))).status).toBe(200);
	});

	it("signs the school's and a deployment's channels for staff; refuses students, unknown names and presence channels", async () => {
		expect((await auth(school.teacherA.token, schoolChannel(school.admin.tenantId))).status).toBe(200);
		expect((await auth(school.teacherA.token, deploymentChannel(deploymentId))).status).toBe(200);
		expect((await auth(school.student.token, schoolChannel(school.admin.tenantId))).status).toBe(403);
		expect((await auth(school.admin.token, "private-anything")).status).toBe(403);
		expect((await auth(school.admin.token, `presence-school-${school.admin.tenantId}`)).status).toBe(403);
	});

	it("answers 401 without a token and 400 for a socket id that is not Pusher's", async () => {
		expect((await auth(undefined, schoolChannel(school.admin.tenantId))).status).toBe(401);
		const bad = await auth(school.admin.token, schoolChannel(school.admin.tenantId), a, "not-a-socket");
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe("bad_request");
	});

	it("works with the Studio plugin's device-flow token", async () => {
		const code = await request(a.app).post("/v1/auth/device/code").send({ clientId: "toolboxai-studio-plugin" });
		expect(code.status).toBe(200);
		const decided = await request(a.app).post("/v1/auth/device/decision").set(bearer(school.teacherA.token)).send({ userCode: code.body.userCode, decision: "approve" });
		expect(decided.status).toBe(200);
		const tokens = await request(a.app).post("/v1/auth/device/token").send({ deviceCode: code.body.deviceCode });
		expect(tokens.status).toBe(200);
		expect((await auth(tokens.body.accessToken, classChannel(classOfA))).status).toBe(200);
		expect((await auth(tokens.body.accessToken, classChannel(classOfB))).status).toBe(403);
	});

	it("without Pusher the service says so (404) and its config points at the stream", async () => {
		expect((await auth(school.admin.token, schoolChannel(school.admin.tenantId), b)).status).toBe(404);
		expect((await request(b.app).get("/v1/realtime/config")).body).toEqual({ transport: "sse" });
		expect((await request(a.app).get("/v1/realtime/config")).body).toEqual({
			transport: "pusher",
			pusher: { key: PUSHER.key, wsHost: fake.host, wsPort: fake.port, forceTLS: false },
		});
	});
});

const ticketFor = async (token: string, app: TestApp = a) => {
	const res = await request(app.app).post("/v1/events/tickets").set(bearer(token));
	expect(res.status).toBe(201);
	return res.body.ticket as string;
};
const eventsPath = (channels: string[], extra = "") => `/v1/events?channels=${encodeURIComponent(channels.join(","))}${extra}`;

describe("GET /v1/events (server-sent events)", () => {
	it("opens with a single-use ticket, beats, and carries the school's events (a lesson published)", async () => {
		const ticket = await ticketFor(school.teacherA.token);
		const stream = await openStream(onA.url, eventsPath([schoolChannel(school.admin.tenantId)], `&ticket=${ticket}`));
		try {
			expect(stream.status).toBe(200);
			expect(stream.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
			await stream.waitFor((e) => e.event === "stream.heartbeat");
			const lessonId = await seedLesson(a, school.teacherA.token, ["1.0.0"], "1.0.0");
			const got = await stream.waitFor((e) => e.event === "lesson.published");
			expect(got.id).toEqual(expect.any(String));
			expect(got.data).toEqual({
				id: got.id,
				event: "lesson.published",
				channel: schoolChannel(school.admin.tenantId),
				data: { lessonId, version: "1.0.0", publishedAt: expect.any(String) },
			});
			// Pusher got the same event.
			expect(fake.events).toContainEqual({ name: "lesson.published", channels: [schoolChannel(school.admin.tenantId)], data: got.data.data });
		} finally {
			stream.close();
		}
		const again = await openStream(onA.url, eventsPath([schoolChannel(school.admin.tenantId)], `&ticket=${ticket}`));
		expect(again.status).toBe(401);
		expect((again.body as { error: { code: string } }).error.code).toBe("unauthenticated");
	});

	it("refuses at once: no credentials 401, an unknown ticket 401, no channels 400, another teacher's class 403", async () => {
		expect((await openStream(onA.url, eventsPath([schoolChannel(school.admin.tenantId)]))).status).toBe(401);
		expect((await openStream(onA.url, eventsPath([schoolChannel(school.admin.tenantId)], "&ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).status).toBe(401);
		expect((await openStream(onA.url, "/v1/events")).status).toBe(400);
		const refused = await openStream(onA.url, eventsPath([classChannel(classOfA), classChannel(classOfB)], `&ticket=${await ticketFor(school.teacherA.token)}`));
		expect(refused.status).toBe(403);
		const crossSchool = await openStream(onA.url, eventsPath([schoolChannel(school.admin.tenantId)]), bearer(other.token));
		expect(crossSchool.status).toBe(403);
	});

	it("follows a deployment's steps with a bearer token (the Studio plugin), on another instance than the one that runs it", async () => {
		const stream = await openStream(onB.url, eventsPath([deploymentChannel(deploymentId)]), bearer(school.teacherA.token));
		try {
			expect(stream.status).toBe(200);
			await stream.waitFor((e) => e.event === "stream.heartbeat");
			// Instance A runs the job; its events reach B's stream through Redis.
			await runDeploymentJob({ config: a.config, infra: a.infra, logger: pino({ level: "silent" }) }, { tenantId: school.admin.tenantId, deploymentId, attempt: 1, attempts: 1 });
			const done = await stream.waitFor((e) => e.event === "deployment.updated" && (e.data.data as { status: string }).status === "succeeded");
			const summary = done.data.data as { deploymentId: string; steps: Array<{ name: string; status: string }> };
			expect(summary.deploymentId).toBe(deploymentId);
			expect(summary.steps.map((s) => s.name)).toEqual(["upload_assets", "wait_for_assets", "publish_place", "push_content", "message_servers"]);
			expect(stream.events.filter((e) => e.event === "deployment.updated").length).toBeGreaterThanOrEqual(3);
		} finally {
			stream.close();
		}
	});

	it("resumes after Last-Event-ID (header or query) with what was missed; an id it no longer holds gets a resync", async () => {
		const channel = schoolChannel(school.admin.tenantId);
		const first = await openStream(onB.url, eventsPath([channel]), bearer(school.admin.token));
		expect(first.status).toBe(200);
		await first.waitFor((e) => e.event === "stream.heartbeat");
		await seedLesson(a, school.admin.token, ["1.0.0"], "1.0.0");
		const seen = await first.waitFor((e) => e.event === "lesson.published");
		first.close();
		const missed = [await seedLesson(a, school.admin.token, ["2.0.0"], "2.0.0"), await seedLesson(a, school.admin.token, ["3.0.0"], "3.0.0")];
		// Wait until B has heard both (an open stream there sees them), then resume from the first.
		const witness = await openStream(onB.url, eventsPath([channel], `&lastEventId=${seen.id}`), bearer(school.admin.token));
		await witness.waitFor((e) => e.event === "lesson.published" && (e.data.data as { lessonId: string }).lessonId === missed[1]);
		witness.close();
		const resumed = await openStream(onB.url, eventsPath([channel]), { ...bearer(school.admin.token), "Last-Event-ID": seen.id as string });
		await resumed.waitFor((e) => e.event === "stream.heartbeat");
		expect(resumed.events.filter((e) => e.event === "lesson.published").map((e) => (e.data.data as { lessonId: string }).lessonId)).toEqual(missed);
		resumed.close();
		const unknown = await openStream(onB.url, eventsPath([channel]), { ...bearer(school.admin.token), "Last-Event-ID": "gone-long-ago" });
		const resync = await unknown.waitFor((e) => e.event === "stream.resync");
		expect(resync.data).toEqual({ event: "stream.resync", channel: "", data: { reason: "unknown_last_event_id" } });
		unknown.close();
	});

	it("a ticket issued by one instance opens a stream on the other (tickets live in Redis)", async () => {
		const ticket = await ticketFor(school.admin.token, a);
		const stream = await openStream(onB.url, eventsPath([schoolChannel(school.admin.tenantId)], `&ticket=${ticket}`));
		expect(stream.status).toBe(200);
		stream.close();
	});
	it("shutting down ends open streams at once (the drain does not wait on them) and refuses new ones with 503", async () => {
		const stream = await openStream(onB.url, eventsPath([schoolChannel(school.admin.tenantId)]), bearer(school.admin.token));
		expect(stream.status).toBe(200);
		await stream.waitFor((e) => e.event === "stream.heartbeat");
		b.lifecycle.beginDrain();
		realtimeModule.beforeDrain?.({ config: b.config, logger: pino({ level: "silent" }), infra: b.infra, lifecycle: b.lifecycle });
		await stream.waitFor(() => false).catch(() => undefined);
		expect(stream.ended()).toBe(true);
		const refused = await openStream(onB.url, eventsPath([schoolChannel(school.admin.tenantId)]), bearer(school.admin.token));
		expect(refused.status).toBe(503);
		expect((refused.body as { error: { code: string } }).error.code).toBe("unavailable");
	});
});
