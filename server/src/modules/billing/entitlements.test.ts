import { LessonCreateRequest } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { joinAs, runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { startBillingApp } from "./__tests__/billing-kit";
import { FakeStripe } from "./__tests__/fake-stripe";
import { forgetCachedAccount } from "./entitlements/billing-guard";

/**
 * The entitlement table, through the routes that consult it: for each standing, a staff write (class, lesson), the
 * game's content and progress, a join, and what stays open (reading, billing).
 */
let database: TestDatabase;
let fake: FakeStripe;
let t: TestApp;
let school: RuntimeSchool;
let nextPlayer = 81000;

beforeAll(async () => {
	fake = new FakeStripe();
	await fake.start();
	database = await createTestDatabase("billing_entitlements");
	t = await startBillingApp(database, fake.url, { BILLING_TRIAL_SEATS: "1000" });
	school = await runtimeSchool(t, "Entitlement School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.stop();
});

/** Puts the school in a standing by writing what a sync would have written. */
async function standIn(status: string | null, options: { trialDaysAgo?: number; readOnlyDaysAgo?: number } = {}): Promise<void> {
	await request(t.app).get("/v1/billing").set(bearer(school.admin.token)).expect(200);
	await systemQuery(
		t,
		`UPDATE billing_accounts SET subscription_status = $2, seats_bought = CASE WHEN $2::text IS NULL THEN NULL ELSE 1000 END,
		 trial_started_at = now() - ($3::int * interval '1 day'),
		 read_only_since = CASE WHEN $4::int IS NULL THEN NULL ELSE now() - ($4::int * interval '1 day') END WHERE tenant_id = $1`,
		[school.admin.tenantId, status, options.trialDaysAgo ?? 0, options.readOnlyDaysAgo ?? null],
	);
	forgetCachedAccount(school.admin.tenantId);
}

async function outcomes() {
	const staff = bearer(school.teacherA.token);
	const player = ++nextPlayer;
	const code = (res: request.Response) => (res.status < 300 ? res.status : `${res.status} ${res.body.error.code}`);
	return {
		createClass: code(await request(t.app).post("/v1/classes").set(staff).send({ name: "Guarded" })),
		createLesson: code(
			await request(t.app)
				.post("/v1/lessons")
				.set(staff)
				.send(LessonCreateRequest.example as object),
		),
		readClasses: code(await request(t.app).get("/v1/classes").set(staff)),
		billing: code(await request(t.app).get("/v1/billing").set(bearer(school.admin.token))),
		gameLessons: code(await request(t.app).get("/v1/runtime/lessons/active").set("X-Api-Key", school.key.secret)),
		gameProgress: code(
			await request(t.app)
				.post("/v1/runtime/progress/batches")
				.set("X-Api-Key", school.key.secret)
				.send({
					batchId: crypto.randomUUID(),
					events: [{ kind: "lesson_started", eventId: crypto.randomUUID(), robloxUserId: 81000, lessonId: "fractions-1", occurredAt: new Date().toISOString() }],
				}),
		),
		join: code(await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: player, displayName: `P${player}` })),
	};
}

const OPEN = { createClass: 201, createLesson: 201, readClasses: 200, billing: 200, gameLessons: 200, gameProgress: 200, join: 200 };
const READ_ONLY_IN_GRACE = {
	createClass: "402 billing_read_only",
	createLesson: "402 billing_read_only",
	readClasses: 200,
	billing: 200,
	gameLessons: 200,
	gameProgress: 200,
	join: "402 billing_read_only",
};
const AFTER_GRACE = { ...READ_ONLY_IN_GRACE, gameLessons: "402 subscription_ended", gameProgress: "402 subscription_ended", join: "402 subscription_ended" };

describe("what each standing allows", () => {
	it.each([
		["app trial", null, {}, OPEN],
		["trialing", "trialing", {}, OPEN],
		["active", "active", {}, OPEN],
		["past_due (grace, banner)", "past_due", {}, OPEN],
		["incomplete while the app trial lasts", "incomplete", {}, OPEN],
		["incomplete after the app trial", "incomplete", { trialDaysAgo: 31 }, READ_ONLY_IN_GRACE],
		["trial ended without a subscription", null, { trialDaysAgo: 31 }, READ_ONLY_IN_GRACE],
		["trial ended 15 days ago", null, { trialDaysAgo: 45 }, AFTER_GRACE],
		["unpaid", "unpaid", { readOnlyDaysAgo: 1 }, READ_ONLY_IN_GRACE],
		["canceled", "canceled", { readOnlyDaysAgo: 1 }, READ_ONLY_IN_GRACE],
		["incomplete_expired", "incomplete_expired", { readOnlyDaysAgo: 1 }, READ_ONLY_IN_GRACE],
		["paused", "paused", { readOnlyDaysAgo: 1 }, READ_ONLY_IN_GRACE],
		["canceled 15 days ago", "canceled", { readOnlyDaysAgo: 15 }, AFTER_GRACE],
	] as const)("%s", async (_name, status, options, expected) => {
		await standIn(status, options);
		expect(await outcomes()).toEqual(expected);
	});

	it("tells an admin of a read-only school the date it became read-only and when the game stops", async () => {
		await standIn("canceled", { readOnlyDaysAgo: 2 });
		const res = await request(t.app).get("/v1/billing").set(bearer(school.admin.token));
		expect(res.body).toMatchObject({ standing: "canceled", readOnly: true, readOnlySince: expect.any(String), gamePlayEndsAt: expect.any(String) });
		expect(Date.parse(res.body.gamePlayEndsAt) - Date.parse(res.body.readOnlySince)).toBe(14 * 24 * 3600 * 1000);
	});

	it("shows teachers nothing of billing but why joins are refused", async () => {
		const res = await request(t.app).get("/v1/billing").set(bearer(school.teacherA.token));
		expect(res.status).toBe(403);
		const joins = () => request(t.app).get("/v1/billing/join-status").set(bearer(school.teacherA.token));
		await standIn("active");
		expect((await joins()).body).toEqual({ open: true });
		await standIn("canceled", { readOnlyDaysAgo: 1 });
		expect((await joins()).body).toMatchObject({ open: false, reason: "read_only" });
		await standIn("canceled", { readOnlyDaysAgo: 15 });
		expect((await joins()).body).toMatchObject({ open: false, reason: "subscription_ended" });
	});
});
