import { createHash } from "node:crypto";
import request from "supertest";
import { DeviceAuthorizationSummary, DeviceCodeResponse, DeviceDecision, ErrorResponse, TokenResponse } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import { createTestDatabase, LEAK_PATTERN, type TestDatabase } from "../../http/__tests__/harness";
import { type DeviceTestApp, signedIn, type SignedInPerson, startDeviceTestApp } from "./__tests__/device-test-app";
import { normaliseUserCode } from "./user-code";

const CLIENT = "toolboxai-studio-plugin";
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

let database: TestDatabase;
let t: DeviceTestApp;
let teacher: SignedInPerson;
let otherSchoolTeacher: SignedInPerson;
let student: SignedInPerson;

beforeAll(async () => {
	database = await createTestDatabase("device");
	t = await startDeviceTestApp(database);
	teacher = await signedIn(t, "teacher");
	otherSchoolTeacher = await signedIn(t, "teacher");
	student = await signedIn(t, "student", teacher.tenantId);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function requestCode(deviceName?: string): Promise<DeviceCodeResponse> {
	const res = await request(t.app)
		.post("/v1/auth/device/code")
		.send({ clientId: CLIENT, ...(deviceName === undefined ? {} : { deviceName }) });
	expect(res.status).toBe(200);
	expect(parse(DeviceCodeResponse, res.body, { unknownKeys: "reject" }).ok).toBe(true);
	return res.body as DeviceCodeResponse;
}

function poll(deviceCode: string) {
	return request(t.app).post("/v1/auth/device/token").send({ deviceCode });
}

function expectError(res: request.Response, status: number, code: string) {
	expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
	expect(parse(ErrorResponse, res.body, { unknownKeys: "reject" }).ok).toBe(true);
	expect(JSON.stringify(res.body)).not.toMatch(LEAK_PATTERN);
}

function decide(person: SignedInPerson, userCode: string, decision: "approve" | "deny") {
	return request(t.app).post("/v1/auth/device/decision").set("Authorization", `Bearer ${person.tokens.accessToken}`).send({ userCode, decision });
}

function lookUp(person: SignedInPerson, userCode: string) {
	return request(t.app)
		.get(`/v1/auth/device/${encodeURIComponent(userCode)}`)
		.set("Authorization", `Bearer ${person.tokens.accessToken}`);
}

function claimsOf(accessToken: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

async function auditActions(targetId: string): Promise<Array<{ action: string; tenant_id: string; actor_user_id: string }>> {
	return withSystem(t.infra.db, (transaction) =>
		t.infra.db.query("SELECT action, tenant_id, actor_user_id FROM audit_events WHERE target_id = $1 ORDER BY created_at", {
			bind: [targetId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
}

async function rowOf(userCode: string): Promise<{ id: string; device_code_hash: string; status: string; interval_seconds: number }> {
	const rows = await withSystem(t.infra.db, (transaction) =>
		t.infra.db.query<{ id: string; device_code_hash: string; status: string; interval_seconds: number }>(
			"SELECT id, device_code_hash, status, interval_seconds FROM device_authorizations WHERE user_code = $1",
			{ bind: [normaliseUserCode(userCode)], type: QueryTypes.SELECT, transaction },
		),
	);
	expect(rows).toHaveLength(1);
	return rows[0] as { id: string; device_code_hash: string; status: string; interval_seconds: number };
}

describe("POST /v1/auth/device/code", () => {
	it("answers a user code to show, where to approve it, the interval and the lifetime", async () => {
		const code = await requestCode("Studio on LAB-PC-07");
		expect(code.userCode).toMatch(USER_CODE);
		expect(code.verificationUri).toBe("http://toolbox.test:8080/device");
		expect(code.verificationUriComplete).toBe(`http://toolbox.test:8080/device?code=${code.userCode}`);
		expect(code.interval).toBe(5);
		expect(code.expiresIn).toBe(600);
		expect(code.deviceCode.length).toBeGreaterThanOrEqual(40);
	});

	it("stores the device code only as its SHA-256 hash", async () => {
		const code = await requestCode();
		const row = await rowOf(code.userCode);
		expect(row.device_code_hash).toBe(createHash("sha256").update(code.deviceCode).digest("hex"));
		const dump = await withSystem(t.infra.db, (transaction) => t.infra.db.query("SELECT * FROM device_authorizations", { type: QueryTypes.SELECT, transaction }));
		expect(JSON.stringify(dump)).not.toContain(code.deviceCode);
	});

	it("gives each request its own codes", async () => {
		const [a, b] = await Promise.all([requestCode(), requestCode()]);
		expect(a.userCode).not.toBe(b.userCode);
		expect(a.deviceCode).not.toBe(b.deviceCode);
	});

	it.each([
		[{}, "no client id"],
		[{ clientId: "some-other-app" }, "an unknown client"],
		[{ clientId: CLIENT, deviceName: "" }, "an empty device name"],
		[{ clientId: CLIENT, deviceName: "x".repeat(81) }, "a device name over 80 characters"],
	] as Array<[object, string]>)("refuses %j (%s) with 422", async (body) => {
		const res = await request(t.app).post("/v1/auth/device/code").send(body);
		expectError(res, 422, "validation_failed");
	});
});

describe("POST /v1/auth/device/token while nobody has decided", () => {
	it("answers authorization_pending at the interval, and slow_down (interval + 5 s) when polled sooner", async () => {
		const code = await requestCode();
		expectError(await poll(code.deviceCode), 400, "authorization_pending");

		// Again at once: too fast.
		let res = await poll(code.deviceCode);
		expectError(res, 400, "slow_down");
		expect(res.body.error.details).toEqual({ interval: 10 });
		expect((await rowOf(code.userCode)).interval_seconds).toBe(10);

		// The old 5 s is now too fast as well: the interval keeps growing.
		t.clock.advance(5);
		res = await poll(code.deviceCode);
		expectError(res, 400, "slow_down");
		expect(res.body.error.details).toEqual({ interval: 15 });

		// Waiting the whole (grown) interval is fine, and keeps it.
		t.clock.advance(15);
		expectError(await poll(code.deviceCode), 400, "authorization_pending");
		t.clock.advance(14.6); // a client's timer may fire a little early
		expectError(await poll(code.deviceCode), 400, "authorization_pending");
		expect((await rowOf(code.userCode)).interval_seconds).toBe(15);
	});

	it("answers expired_token once the code's 10 minutes are over", async () => {
		const code = await requestCode();
		t.clock.advance(599);
		expectError(await poll(code.deviceCode), 400, "authorization_pending");
		t.clock.advance(1);
		expectError(await poll(code.deviceCode), 400, "expired_token");
		expectError(await lookUp(teacher, code.userCode), 404, "not_found");
		expectError(await decide(teacher, code.userCode, "approve"), 404, "not_found");
		expectError(await poll(code.deviceCode), 400, "expired_token");
	});

	it("answers expired_token for a device code it never issued", async () => {
		expectError(await poll("dc_this-code-was-never-issued"), 400, "expired_token");
	});

	it.each([[{}], [{ deviceCode: "" }], [{ deviceCode: 42 }], [{ deviceCode: "x".repeat(257) }]])("refuses %j with 422", async (body) => {
		expectError(await request(t.app).post("/v1/auth/device/token").send(body), 422, "validation_failed");
	});
});

describe("a teacher approves", () => {
	it("shows the request, approves it, and the device collects the teacher's session exactly once", async () => {
		const code = await requestCode("Studio on LAB-PC-07");
		expectError(await poll(code.deviceCode), 400, "authorization_pending");

		// Typed any case, with or without the dash.
		const typed = code.userCode.replace("-", "").toLowerCase();
		const shown = await lookUp(teacher, typed);
		expect(shown.status).toBe(200);
		expect(parse(DeviceAuthorizationSummary, shown.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(shown.body).toEqual({
			userCode: code.userCode,
			clientId: CLIENT,
			deviceName: "Studio on LAB-PC-07",
			status: "pending",
			expiresAt: new Date(t.clock.now().getTime() + 600_000).toISOString(),
		});

		const decided = await decide(teacher, typed, "approve");
		expect(decided.status).toBe(200);
		expect(parse(DeviceDecision, decided.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(decided.body).toEqual({ status: "approved", deviceName: "Studio on LAB-PC-07" });
		const row = await rowOf(code.userCode);
		expect(await auditActions(row.id)).toEqual([{ action: "device.approved", tenant_id: teacher.tenantId, actor_user_id: teacher.userId }]);

		t.clock.advance(5);
		const collected = await poll(code.deviceCode);
		expect(collected.status).toBe(200);
		expect(parse(TokenResponse, collected.body, { unknownKeys: "reject" }).ok).toBe(true);
		const claims = claimsOf(collected.body.accessToken);
		expect(claims.sub).toBe(teacher.userId);
		expect(JSON.stringify(claims)).toContain(teacher.tenantId);
		expect(JSON.stringify(claims)).toContain("teacher");

		// The tokens are a working session of the teacher's: they pass authentication and carry the teacher's permission.
		const device: SignedInPerson = { userId: teacher.userId, tenantId: teacher.tenantId, tokens: collected.body as TokenResponse };
		expect((await lookUp(device, code.userCode)).status).toBe(200);
		// A Studio session, named by the device, on the short sliding lifetime.
		const sessions = await request(t.app).get("/v1/sessions").set("Authorization", `Bearer ${device.tokens.accessToken}`);
		const current = (sessions.body.items as Array<{ current: boolean; client: string; label?: string; lastUsedAt: string; expiresAt: string }>).find((s) => s.current);
		expect({ client: current?.client, label: current?.label }).toEqual({ client: "studio", label: "Studio on LAB-PC-07" });
		expect(Date.parse(current?.expiresAt ?? "") - Date.parse(current?.lastUsedAt ?? "")).toBe(14 * 86_400_000);

		// Once only.
		t.clock.advance(5);
		expectError(await poll(code.deviceCode), 400, "expired_token");
		expect((await rowOf(code.userCode)).status).toBe("consumed");
		// The page still tells the teacher what happened; deciding again is refused.
		expect((await lookUp(teacher, code.userCode)).body.status).toBe("approved");
		expectError(await decide(teacher, code.userCode, "deny"), 409, "conflict");
	});

	it("hands the tokens to only one of two polls racing for them", async () => {
		const code = await requestCode();
		expect((await decide(teacher, code.userCode, "approve")).status).toBe(200);
		const answers = await Promise.all([poll(code.deviceCode), poll(code.deviceCode), poll(code.deviceCode)]);
		expect(answers.map((res) => res.status).sort()).toEqual([200, 400, 400]);
		for (const res of answers.filter((r) => r.status === 400)) expect(["expired_token", "slow_down"]).toContain(res.body.error.code);
	});

	it("does not let another school see or decide a code this school has decided", async () => {
		const code = await requestCode();
		expect((await decide(teacher, code.userCode, "approve")).status).toBe(200);
		expectError(await lookUp(otherSchoolTeacher, code.userCode), 404, "not_found");
		expectError(await decide(otherSchoolTeacher, code.userCode, "deny"), 404, "not_found");
		t.clock.advance(5);
		const collected = await poll(code.deviceCode);
		expect(claimsOf(collected.body.accessToken).sub).toBe(teacher.userId);
	});
});

describe("a teacher denies", () => {
	it("answers access_denied to the device and records the denial", async () => {
		const code = await requestCode();
		const decided = await decide(teacher, code.userCode, "deny");
		expect(decided.status).toBe(200);
		expect(decided.body).toEqual({ status: "denied" });
		const row = await rowOf(code.userCode);
		expect(await auditActions(row.id)).toEqual([{ action: "device.denied", tenant_id: teacher.tenantId, actor_user_id: teacher.userId }]);
		expectError(await poll(code.deviceCode), 400, "access_denied");
		t.clock.advance(5);
		expectError(await poll(code.deviceCode), 400, "access_denied");
		expect((await lookUp(teacher, code.userCode)).body.status).toBe("denied");
		expectError(await decide(teacher, code.userCode, "approve"), 409, "conflict");
	});
});

describe("who may look codes up and decide", () => {
	it("needs a signed-in person (401) whose role may approve devices (403)", async () => {
		const code = await requestCode();
		expectError(await request(t.app).get(`/v1/auth/device/${code.userCode}`), 401, "unauthenticated");
		expectError(await request(t.app).post("/v1/auth/device/decision").send({ userCode: code.userCode, decision: "approve" }), 401, "unauthenticated");
		expectError(await lookUp(student, code.userCode), 403, "forbidden");
		expectError(await decide(student, code.userCode, "approve"), 403, "forbidden");
		expect((await rowOf(code.userCode)).status).toBe("pending");
	});

	it.each(["BCDF-GHJK", "bcdfghjk", "AEIO-UAEI", "HELLO", "BCDF-GHJK-L"])("answers 404 for a code that is not live (%s)", async (typed) => {
		expectError(await lookUp(teacher, typed), 404, "not_found");
	});

	it("refuses a decision that is neither approve nor deny", async () => {
		const code = await requestCode();
		const res = await request(t.app)
			.post("/v1/auth/device/decision")
			.set("Authorization", `Bearer ${teacher.tokens.accessToken}`)
			.send({ userCode: code.userCode, decision: "maybe" });
		expectError(res, 422, "validation_failed");
	});
});
