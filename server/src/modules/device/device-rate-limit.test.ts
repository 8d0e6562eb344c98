import request from "supertest";
import { createTestDatabase, type TestDatabase } from "../../http/__tests__/harness";
import { type DeviceTestApp, startDeviceTestApp } from "./__tests__/device-test-app";
import { DEVICE_CODES_PER_IP } from "./routes";

// A database of its own: the limiter's counters are per deployment (database), so no other file's requests count here.
let database: TestDatabase;
let t: DeviceTestApp;
beforeAll(async () => {
	database = await createTestDatabase("device_rate");
	t = await startDeviceTestApp(database);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("POST /v1/auth/device/code rate limit", () => {
	it("refuses an address that asks for too many codes with 429 and Retry-After, without touching polling", async () => {
		let lastCode = "";
		for (let i = 0; i < DEVICE_CODES_PER_IP.points; i++) {
			const res = await request(t.app).post("/v1/auth/device/code").send({ clientId: "toolboxai-studio-plugin" });
			expect(res.status).toBe(200);
			lastCode = res.body.deviceCode as string;
		}
		const refused = await request(t.app).post("/v1/auth/device/code").send({ clientId: "toolboxai-studio-plugin" });
		expect(refused.status).toBe(429);
		expect(refused.body.error.code).toBe("rate_limited");
		const retryAfter = Number(refused.headers["retry-after"]);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(DEVICE_CODES_PER_IP.durationSeconds);
		// Codes already handed out keep working.
		const poll = await request(t.app).post("/v1/auth/device/token").send({ deviceCode: lastCode });
		expect(poll.body.error.code).toBe("authorization_pending");
	});
});
