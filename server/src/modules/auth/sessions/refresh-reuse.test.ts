/** The refresh reuse interval and the Studio session's sliding lifetime, on a clock the test moves. */
import request from "supertest";
import type { TokenResponse } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { AppError } from "../../../errors/app-error";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { seedTenant, seedUser } from "../__tests__/seed";
import type { Clock } from "./clock";
import { issueSession } from "./issue-session";
import { refreshSession } from "./refresh-session";

class ManualClock implements Clock {
	private current = Date.now();
	now(): Date {
		return new Date(this.current);
	}
	advance(seconds: number): void {
		this.current += seconds * 1000;
	}
}

let database: TestDatabase;
let t: TestApp;
let tenantId: string;
let userId: string;

beforeAll(async () => {
	database = await createTestDatabase("refresh_reuse");
	t = await startTestApp({ database });
	tenantId = await seedTenant(t.infra.db, "Maple Grove");
	userId = await seedUser(t.infra.db, "teacher@maple.example", [{ tenantId, role: "teacher" }]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

function refreshOn(clock: Clock, refreshToken: string): Promise<TokenResponse> {
	return refreshSession({ ...t, logger: silentLogger(), clock }, { refreshToken, origin: {} });
}

function silentLogger() {
	return { warn: () => undefined, error: () => undefined, info: () => undefined } as never;
}

async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).code).toBe("unauthenticated");
		return ((error as AppError).details as { reason?: unknown } | undefined)?.reason;
	}
	throw new Error("the refresh was not refused");
}

function me(accessToken: string) {
	return request(t.app).get("/v1/me").set("Authorization", `Bearer ${accessToken}`);
}

function sessionIdOf(accessToken: string): string {
	return JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()).sid as string;
}

describe("the refresh reuse interval", () => {
	it("answers the same successor pair to a rotated token presented again within 30 s, and revokes the family after", async () => {
		const clock = new ManualClock();
		const first = await issueSession(t, { userId, tenantId, roles: ["teacher"] });
		const second = await refreshOn(clock, first.refreshToken);
		expect(second.refreshToken).not.toBe(first.refreshToken);

		clock.advance(29);
		const again = await refreshOn(clock, first.refreshToken);
		expect({ accessToken: again.accessToken, refreshToken: again.refreshToken }).toEqual({ accessToken: second.accessToken, refreshToken: second.refreshToken });
		expect(again.expiresIn).toBeLessThanOrEqual(900 - 29);
		expect((await me(second.accessToken)).status).toBe(200);

		clock.advance(2);
		expect(await reasonOf(refreshOn(clock, first.refreshToken))).toBe("refresh_reuse");
		expect((await me(second.accessToken)).status).toBe(401);
		expect(await reasonOf(refreshOn(clock, second.refreshToken))).toBe("refresh_reuse");
	});

	it("gives every one of several refreshes racing with one token the same successor, and the session lives on", async () => {
		const first = await issueSession(t, { userId, tenantId, roles: ["teacher"] });
		const answers = await Promise.all(Array.from({ length: 6 }, () => request(t.app).post("/v1/auth/refresh").send({ refreshToken: first.refreshToken })));
		expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
		expect(new Set(answers.map((res) => res.body.refreshToken)).size).toBe(1);
		const successor = answers[0]?.body as TokenResponse;
		const next = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: successor.refreshToken });
		expect(next.status).toBe(200);
		expect((await me(next.body.accessToken)).status).toBe(200);
	});

	it("does not bring back a session that was signed out, and says why it ended", async () => {
		const clock = new ManualClock();
		const first = await issueSession(t, { userId, tenantId, roles: ["teacher"] });
		const second = await refreshOn(clock, first.refreshToken);
		expect((await request(t.app).post("/v1/auth/logout").set("Authorization", `Bearer ${second.accessToken}`).send({})).status).toBe(200);
		clock.advance(1);
		expect(await reasonOf(refreshOn(clock, first.refreshToken))).toBe("logout");
		expect(await reasonOf(refreshOn(clock, second.refreshToken))).toBe("logout");
		const res = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: second.refreshToken });
		expect({ status: res.status, reason: res.body.error.details?.reason }).toEqual({ status: 401, reason: "logout" });
	});
});

describe("Studio sessions", () => {
	async function endOf(sessionId: string): Promise<{ idleDays: number; totalDays: number }> {
		const [row] = await t.infra.db.query<{ idleDays: number; totalDays: number }>(
			`SELECT round(extract(epoch FROM expires_at - last_used_at) / 86400)::int AS "idleDays",
			        round(extract(epoch FROM expires_at - created_at) / 86400)::int AS "totalDays"
			 FROM auth_sessions WHERE id = :sessionId`,
			{ type: QueryTypes.SELECT, replacements: { sessionId } },
		);
		return row as { idleDays: number; totalDays: number };
	}

	it("last 14 days after their last use, at most 90 days, while browser sessions keep 30 days", async () => {
		const clock = new ManualClock();
		const studio = await issueSession(t, { userId, tenantId, roles: ["teacher"], client: { kind: "studio", label: "Studio on LAB-PC-07" } });
		const sessionId = sessionIdOf(studio.accessToken);
		expect(await endOf(sessionId)).toEqual({ idleDays: 14, totalDays: 14 });

		clock.advance(10 * 86400);
		const later = await refreshOn(clock, studio.refreshToken);
		expect(await endOf(sessionId)).toEqual({ idleDays: 14, totalDays: 24 });

		// Used on day 85: the next 14 days would pass day 90, so it ends on day 90.
		await t.infra.db.query("UPDATE auth_sessions SET created_at = created_at - interval '75 days' WHERE id = :sessionId", { replacements: { sessionId } });
		clock.advance(86400);
		await refreshOn(clock, later.refreshToken);
		expect((await endOf(sessionId)).totalDays).toBe(90);

		const browser = await issueSession(t, { userId, tenantId, roles: ["teacher"] });
		expect(await endOf(sessionIdOf(browser.accessToken))).toEqual({ idleDays: 30, totalDays: 30 });
	});
});
