import { createHash } from "node:crypto";
import { parse } from "@toolboxai/shared/node";
import { SignupAccepted, SignupResponse } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { auditActions, bearer, countMails, finishSignup, PASSWORD, signupSchool, signupToken, systemQuery, uniqueEmail, waitForMail } from "../__tests__/tenancy-fixtures";
import { SIGNUP_EMAIL_RATE_LIMIT, SIGNUP_RATE_LIMIT } from "./signup-limits";

const PUBLIC_URL = "https://toolboxai.school.example";

let database: TestDatabase;
let t: TestApp;
beforeAll(async () => {
	database = await createTestDatabase("signup");
	// One proxy hop: each test asks from an address of its own (X-Forwarded-For), so the per-address limit is the rate-limit test's alone.
	t = await startTestApp({ database, env: { PUBLIC_URL, TRUST_PROXY: "1" } });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

let addresses = 0;
/** A client address nobody else in this file uses. */
const newAddress = () => `203.0.113.${++addresses}`;

function ask(body: Record<string, unknown>, address = newAddress()): request.Test {
	return request(t.app).post("/v1/signup").set("X-Forwarded-For", address).send(body);
}

function complete(body: Record<string, unknown>): request.Test {
	return request(t.app).post("/v1/signup/complete").send(body);
}

const count = async (table: string) => (await systemQuery<{ n: number }>(t, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n;
const counts = async () => ({ tenants: await count("tenants"), users: await count("users"), memberships: await count("memberships") });

/** What a client could tell two answers apart by: status, body and every header but the per-request ones. */
function visible(res: request.Response) {
	const { date: _date, "x-request-id": _requestId, ...headers } = res.headers;
	return { status: res.status, body: res.body, headers };
}

describe("POST /v1/signup then POST /v1/signup/complete", () => {
	it("mails a single-use link to a new address; finishing it creates the school, its tenant_admin and a session", async () => {
		const email = uniqueEmail("Founder");
		const asked = await ask({ organizationName: "  Maple Grove  ", email });
		expect(asked.status).toBe(202);
		expect(parse(SignupAccepted, asked.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(asked.body).toEqual({ status: "accepted", linkValidForSeconds: 86400 });

		const mail = await waitForMail(t, email, "signup-finish");
		expect(mail.subject).toBe("Finish creating your school on ToolBoxAI");
		expect(mail.text_body).toContain(`${PUBLIC_URL}/sign-up/complete?token=sgn_`);
		expect(mail.text_body).toContain('"Maple Grove"');
		const token = await signupToken(t, email);
		// At rest: the school's name and the address under the token's hash; no token, no password.
		const [pending] = await systemQuery<Record<string, unknown>>(t, "SELECT * FROM pending_signups WHERE email = $1", [email]);
		expect(pending).toMatchObject({ organization_name: "Maple Grove", email, token_hash: createHash("sha256").update(token).digest() });
		expect(Object.keys(pending ?? {}).sort()).toEqual(["created_at", "email", "email_normalized", "expires_at", "id", "organization_name", "token_hash"]);
		expect(JSON.stringify(pending)).not.toContain(token);
		expect((pending as { expires_at: Date }).expires_at.getTime() - Date.now()).toBeGreaterThan(86400_000 - 60_000);

		const done = await complete({ token, password: PASSWORD, displayName: "Ms Maple" });
		expect(done.status).toBe(201);
		expect(done.headers["cache-control"]).toBe("no-store");
		expect(parse(SignupResponse, done.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(done.body.tenant).toMatchObject({ name: "Maple Grove", kind: "school" });
		expect(done.body.user).toMatchObject({ email, displayName: "Ms Maple" });
		const members = await request(t.app).get("/v1/members").set(bearer(done.body.tokens.accessToken));
		expect(members.status).toBe(200);
		expect(members.body.items).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: done.body.user.id }), roles: ["tenant_admin"] })]);
		expect(await auditActions(t, done.body.tenant.id)).toEqual(["tenant.created"]);
		const signIn = await request(t.app).post("/v1/auth/login").send({ email, password: PASSWORD });
		expect(signIn.status).toBe(200);
		expect(await systemQuery(t, "SELECT 1 FROM pending_signups WHERE email = $1", [email])).toEqual([]);
	});

	it("answers a new and an existing address the same (status, body, headers), in any letter case, and mails the owner how to get in", async () => {
		const owner = await signupSchool(t, "Already Here");
		const before = await counts();
		const address = newAddress();
		const fresh = uniqueEmail("Fresh.Person");
		const answers = [
			await ask({ organizationName: "Second School", email: owner.email.toUpperCase() }, address),
			await ask({ organizationName: "Second School", email: fresh.toUpperCase() }, address),
			await ask({ organizationName: "Second School", email: owner.email }, address),
			await ask({ organizationName: "Second School", email: fresh.replace(/^./, (c) => c.toUpperCase()) }, address),
		].map(visible);
		for (const answer of answers) expect(answer).toEqual(answers[0]);
		expect(answers[0]?.status).toBe(202);

		// The owner is told to sign in or reset, and the reset link works; nothing was created for them.
		const mail = await waitForMail(t, owner.email, "signup-existing-account", 1);
		expect(mail.to_address).toBe(owner.email);
		expect(mail.subject).toBe("You already have a ToolBoxAI account");
		expect(mail.text_body).toContain(`${PUBLIC_URL}/sign-in`);
		const resetToken = /\/reset-password\?token=(prt_[A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
		expect(resetToken).toBeDefined();
		expect(mail.text_body).not.toContain("/sign-up/complete");
		expect(await countMails(t, owner.email, "signup-existing-account")).toBe(2);
		expect(await countMails(t, owner.email, "signup-finish")).toBe(1);
		expect(await systemQuery(t, "SELECT 1 FROM pending_signups WHERE email_normalized = lower($1)", [owner.email])).toEqual([]);
		const reset = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token: resetToken, password: "a brand new passphrase" });
		expect(reset.status).toBe(200);
		expect(await counts()).toEqual(before);

		// The new address got its links, to the address as typed.
		await waitForMail(t, fresh, "signup-finish", 1);
		expect(await countMails(t, fresh, "signup-finish")).toBe(2);
	});

	it("a link works once; used, expired and unknown links are refused with not_found, and a refused password leaves it usable", async () => {
		const email = uniqueEmail("once");
		expect((await ask({ organizationName: "Once School", email })).status).toBe(202);
		const token = await signupToken(t, email);

		const weak = await complete({ token, password: "aaaaaaaaaaaaaaaa" });
		expect(weak.status).toBe(422);
		expect(weak.body.error.details.issues[0].path).toBe("/password");
		const withEmail = await complete({ token, password: `${email} is mine` });
		expect(withEmail.status).toBe(422);

		expect((await complete({ token, password: PASSWORD })).status).toBe(201);
		const before = await counts();
		const again = await complete({ token, password: PASSWORD });
		expect(again.status).toBe(404);
		expect(again.body.error.code).toBe("not_found");
		expect(JSON.stringify(again.body)).not.toMatch(LEAK_PATTERN);
		expect((await complete({ token: "sgn_not-a-real-token", password: PASSWORD })).body.error.code).toBe("not_found");
		expect(await counts()).toEqual(before);

		const late = uniqueEmail("late");
		expect((await ask({ organizationName: "Late School", email: late })).status).toBe(202);
		const lateToken = await signupToken(t, late);
		await systemQuery(t, "UPDATE pending_signups SET expires_at = now() - interval '1 second' WHERE email = $1", [late]);
		const expired = await complete({ token: lateToken, password: PASSWORD });
		expect({ status: expired.status, code: expired.body.error.code }).toEqual({ status: 404, code: "not_found" });
		expect(await counts()).toEqual(before);
	});

	it("finishing one of an address's sign-ups spends its other links; an address that got an account meanwhile is a conflict", async () => {
		const email = uniqueEmail("twice");
		const address = newAddress();
		expect((await ask({ organizationName: "First Try", email }, address)).status).toBe(202);
		const first = await signupToken(t, email);
		expect((await ask({ organizationName: "Second Try", email }, address)).status).toBe(202);
		await waitForMail(t, email, "signup-finish", 1);
		const second = await signupToken(t, email);
		expect(second).not.toBe(first);
		const done = await complete({ token: second, password: PASSWORD });
		expect(done.body.tenant.name).toBe("Second Try");
		expect((await complete({ token: first, password: PASSWORD })).status).toBe(404);

		// Two links for an address; an account is made with it another way (an invitation) before either is used.
		const raced = uniqueEmail("raced");
		expect((await ask({ organizationName: "Raced", email: raced })).status).toBe(202);
		const racedToken = await signupToken(t, raced);
		const other = await finishSignup(t, { organizationName: "Elsewhere", email: uniqueEmail("elsewhere") });
		const invited = await request(t.app).post("/v1/invitations").set(bearer(other.body.tokens.accessToken)).send({ email: raced, role: "teacher" });
		expect(invited.status).toBe(201);
		const inviteToken = /invite\?token=([^\s]+)/.exec((await waitForMail(t, raced, "invitation")).text_body)?.[1] ?? "";
		expect(
			(
				await request(t.app)
					.post("/v1/invitations/accept")
					.send({ token: decodeURIComponent(inviteToken), password: PASSWORD })
			).status,
		).toBe(200);
		const conflict = await complete({ token: racedToken, password: PASSWORD });
		expect({ status: conflict.status, code: conflict.body.error.code }).toEqual({ status: 409, code: "conflict" });
	});

	it("refuses a missing or blank school name and a password in the first step (422), and a missing token or password in the second", async () => {
		const missing = await ask({ email: uniqueEmail("x") });
		expect(missing.status).toBe(422);
		const blank = await ask({ organizationName: "   ", email: uniqueEmail("blank") });
		expect(blank.status).toBe(422);
		expect(blank.body.error.details.issues[0].path).toBe("/organizationName");
		const withPassword = await ask({ organizationName: "X", email: uniqueEmail("pw"), password: PASSWORD });
		expect(withPassword.status).toBe(422);
		expect((await complete({ password: PASSWORD })).status).toBe(422);
		expect((await complete({ token: "sgn_x" })).status).toBe(422);
	});

	it("limits sign-up requests per IP address with 429 and Retry-After", async () => {
		const address = newAddress();
		const statuses: number[] = [];
		let last: request.Response | undefined;
		for (let i = 0; i <= SIGNUP_RATE_LIMIT.points; i++) {
			last = await ask({ organizationName: `School ${i}`, email: uniqueEmail("flood") }, address);
			statuses.push(last.status);
		}
		expect(statuses.filter((s) => s === 202)).toHaveLength(SIGNUP_RATE_LIMIT.points);
		expect(last?.status).toBe(429);
		expect(Number(last?.headers["retry-after"])).toBeGreaterThan(0);
		expect(last?.body.error.code).toBe("rate_limited");
		// Another address is not affected.
		expect((await ask({ organizationName: "Elsewhere", email: uniqueEmail("calm") })).status).toBe(202);
	});

	it("sends at most a few mails an hour to one email address, and still answers 202 past that", async () => {
		const owner = await signupSchool(t, "Flooded Inbox");
		const fresh = uniqueEmail("flooded");
		for (const email of [owner.email, fresh]) {
			const answers = [];
			for (let i = 0; i <= SIGNUP_EMAIL_RATE_LIMIT.points; i++) answers.push((await ask({ organizationName: "Flood", email: i % 2 === 0 ? email : email.toUpperCase() })).status);
			expect(answers).toEqual(Array(SIGNUP_EMAIL_RATE_LIMIT.points + 1).fill(202));
		}
		// Past the limit nothing is queued at all, so once the allowed mails are in, the counts are final.
		// The owner's limit also counted signupSchool's own request.
		await waitForMail(t, owner.email, "signup-existing-account", SIGNUP_EMAIL_RATE_LIMIT.points - 2);
		await waitForMail(t, fresh, "signup-finish", SIGNUP_EMAIL_RATE_LIMIT.points - 1);
		expect(await countMails(t, owner.email, "signup-existing-account")).toBe(SIGNUP_EMAIL_RATE_LIMIT.points - 1);
		expect(await countMails(t, fresh)).toBe(SIGNUP_EMAIL_RATE_LIMIT.points);
	});

	it("prints each outbox mail's recipient, subject and links to the log outside production", async () => {
		const email = uniqueEmail("logged");
		expect((await ask({ organizationName: "Logged School", email })).status).toBe(202);
		const token = await signupToken(t, email);
		const line = t.logs.find((entry) => entry.component === "mail" && entry.to === email);
		expect(line).toMatchObject({ level: "info", subject: "Finish creating your school on ToolBoxAI", links: [`${PUBLIC_URL}/sign-up/complete?token=${token}`] });
		expect(line?.msg).toContain(`${PUBLIC_URL}/sign-up/complete?token=${token}`);
	});
});
