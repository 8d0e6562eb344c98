import pino from "pino";
import request from "supertest";
import { createTestDatabase, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, countMails, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { joinAs, runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { eventually, startBillingApp } from "./__tests__/billing-kit";
import { sweepSchool } from "./dunning/sweep-school";

/** Billing mail on a controllable clock: the sweep is given "now", and each mail goes out exactly once. */
let database: TestDatabase;
let t: TestApp;
const DAY = 24 * 3600 * 1000;
const CONTACT = "bursar@dunning.example.org";

beforeAll(async () => {
	database = await createTestDatabase("billing_dunning");
	// The sweep never calls Stripe: nothing listens at this address.
	t = await startBillingApp(database, "http://127.0.0.1:9", { BILLING_TRIAL_SEATS: "2" });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const deps = () => ({ config: t.config, infra: t.infra, logger: pino({ level: "silent" }) });
const mails = (template: string) => countMails(t, CONTACT, template);

async function schoolWithContact(name: string): Promise<RuntimeSchool> {
	const school = await runtimeSchool(t, name);
	await request(t.app)
		.patch("/v1/billing")
		.set(bearer(school.admin.token))
		.send({ contacts: [CONTACT] })
		.expect(200);
	return school;
}

it("sends the failed-payment mail at once, after 3 and after 7 days, once per invoice and reminder", async () => {
	const school = await schoolWithContact("Dunning School");
	const failedAt = new Date(Date.now() - 60_000);
	await systemQuery(
		t,
		"UPDATE billing_accounts SET subscription_status = 'past_due', seats_bought = 50, latest_invoice_id = 'in_dunning_1', latest_invoice_status = 'open', latest_invoice_failed_at = $2 WHERE tenant_id = $1",
		[school.admin.tenantId, failedAt],
	);
	const at = (days: number) => new Date(failedAt.getTime() + days * DAY);
	const timeline: Array<[number, string[]]> = [
		[0, ["dunning-first"]],
		[0.5, []],
		[1, []],
		[3, ["dunning-second"]],
		[3.5, []],
		[7, ["dunning-final"]],
		[7, []],
		[12, []],
	];
	for (const [day, expected] of timeline) expect({ day, sent: await sweepSchool(deps(), school.admin.tenantId, at(day)) }).toEqual({ day, sent: expected });
	for (const template of ["dunning-first", "dunning-second", "dunning-final"]) await eventually(template, async () => ((await mails(template)) === 1 ? true : undefined));
	const [row] = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM billing_mails_sent WHERE tenant_id = $1", [school.admin.tenantId]);
	expect(row?.n).toBe(3);

	// A new failed invoice starts its own reminders; a paid one stops them.
	await systemQuery(t, "UPDATE billing_accounts SET latest_invoice_id = 'in_dunning_2', latest_invoice_failed_at = $2 WHERE tenant_id = $1", [school.admin.tenantId, at(40)]);
	expect(await sweepSchool(deps(), school.admin.tenantId, at(40))).toEqual(["dunning-first"]);
	await systemQuery(t, "UPDATE billing_accounts SET subscription_status = 'active', latest_invoice_failed_at = NULL WHERE tenant_id = $1", [school.admin.tenantId]);
	expect(await sweepSchool(deps(), school.admin.tenantId, at(43))).toEqual([]);
});

it("announces the app trial's end 3 days before, once", async () => {
	const school = await schoolWithContact("Trial Ending School");
	const [account] = await systemQuery<{ trial_started_at: Date }>(t, "SELECT trial_started_at FROM billing_accounts WHERE tenant_id = $1", [school.admin.tenantId]);
	const trialEnd = (account?.trial_started_at.getTime() ?? 0) + 30 * DAY;
	expect(await sweepSchool(deps(), school.admin.tenantId, new Date(trialEnd - 5 * DAY))).toEqual([]);
	expect(await sweepSchool(deps(), school.admin.tenantId, new Date(trialEnd - 2 * DAY))).toEqual(["trial-ending"]);
	expect(await sweepSchool(deps(), school.admin.tenantId, new Date(trialEnd - 1 * DAY))).toEqual([]);
	const mail = await eventually("trial mail", async () => ((await mails("trial-ending")) === 1 ? true : undefined));
	expect(mail).toBe(true);
});

it("mails and shows a banner when 90% of the seats are used", async () => {
	const school = await schoolWithContact("Nearly Full School");
	expect(await sweepSchool(deps(), school.admin.tenantId)).toEqual([]);
	for (const player of [94001, 94002]) await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: player, displayName: `P${player}` }).expect(200);
	const overview = await request(t.app).get("/v1/billing").set(bearer(school.admin.token));
	expect(overview.body).toMatchObject({ seatsUsed: 2, seatsBought: 2 });
	expect(overview.body.banners).toContain("seats_nearly_used");
	expect(await sweepSchool(deps(), school.admin.tenantId)).toEqual(["seats-nearly-used"]);
	expect(await sweepSchool(deps(), school.admin.tenantId)).toEqual([]);
});
