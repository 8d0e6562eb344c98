import { createHash } from "node:crypto";
import { parse } from "@toolboxai/shared/node";
import { Invitation, TokenResponse } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { addPerson, auditActions, bearer, PASSWORD, signupSchool, systemQuery, uniqueEmail, waitForMail, type Person, type SchoolAdmin } from "../__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let teacher: Person;
beforeAll(async () => {
	database = await createTestDatabase("invitations");
	t = await startTestApp({ database, env: { PUBLIC_URL: "https://toolboxai.school.example" } });
	school = await signupSchool(t, "Inviting School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** Invites `email` as `role` and returns the invitation and the token from the mailed link. */
async function invite(email: string, role = "teacher"): Promise<{ id: string; token: string }> {
	const res = await request(t.app).post("/v1/invitations").set(bearer(school.token)).send({ email, role });
	expect(res.status).toBe(201);
	const mail = await waitForMail(t, email, "invitation");
	const link = /https:\/\/toolboxai\.school\.example\/invite\?token=([A-Za-z0-9_%-]+)/.exec(mail?.text_body ?? "");
	expect(link).not.toBeNull();
	return { id: res.body.id, token: decodeURIComponent(link?.[1] ?? "") };
}

async function rolesOf(userId: string, tenantId = school.tenantId): Promise<string[]> {
	const rows = await systemQuery<{ role: string }>(t, "SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 ORDER BY role", [tenantId, userId]);
	return rows.map((row) => row.role);
}

describe("POST /v1/invitations", () => {
	it("mails a link with a single-use token valid 7 days, and keeps only the token's hash", async () => {
		const email = uniqueEmail("invitee");
		const before = Date.now();
		const res = await request(t.app).post("/v1/invitations").set(bearer(school.token)).send({ email, role: "teacher" });
		expect(res.status).toBe(201);
		expect(parse(Invitation, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(Date.parse(res.body.expiresAt) - before).toBeGreaterThan(7 * 86400_000 - 60_000);
		expect(Date.parse(res.body.expiresAt) - before).toBeLessThan(7 * 86400_000 + 60_000);
		const mail = await waitForMail(t, email, "invitation");
		expect(mail?.subject).toContain("Inviting School");
		const token = /invite\?token=([^\s]+)/.exec(mail?.text_body ?? "")?.[1] ?? "";
		const [stored] = await systemQuery<{ token_hash: Buffer }>(t, "SELECT token_hash FROM invitations WHERE id = $1", [res.body.id]);
		expect(stored?.token_hash.equals(createHash("sha256").update(decodeURIComponent(token)).digest())).toBe(true);
		const raw = await systemQuery(t, "SELECT * FROM invitations WHERE id = $1", [res.body.id]);
		expect(JSON.stringify(raw)).not.toContain(decodeURIComponent(token));
		expect(await auditActions(t, school.tenantId)).toContain("invitation.created");
	});

	it("is refused to a teacher (403); an existing member is not invited again (409)", async () => {
		expect(
			(
				await request(t.app)
					.post("/v1/invitations")
					.set(bearer(teacher.token))
					.send({ email: uniqueEmail("x"), role: "teacher" })
			).status,
		).toBe(403);
		expect((await request(t.app).post("/v1/invitations").set(bearer(school.token)).send({ email: teacher.email, role: "guardian" })).status).toBe(409);
	});

	it("refuses platform_admin (422)", async () => {
		const res = await request(t.app)
			.post("/v1/invitations")
			.set(bearer(school.token))
			.send({ email: uniqueEmail("x"), role: "platform_admin" });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues[0].path).toBe("/role");
	});
});

describe("GET /v1/invitations and DELETE /v1/invitations/:invitationId", () => {
	it("lists the school's invitations; a revoked one no longer works", async () => {
		const email = uniqueEmail("revoked");
		const { id, token } = await invite(email);
		const list = await request(t.app).get("/v1/invitations").set(bearer(school.token));
		expect(list.status).toBe(200);
		expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
		const revoked = await request(t.app).delete(`/v1/invitations/${id}`).set(bearer(school.token));
		expect(revoked.status).toBe(200);
		expect(revoked.body.revokedAt).toEqual(expect.any(String));
		const accept = await request(t.app).post("/v1/invitations/accept").send({ token, password: PASSWORD });
		expect(accept.status).toBe(404);
		expect(await auditActions(t, school.tenantId)).toContain("invitation.revoked");
		expect((await request(t.app).delete(`/v1/invitations/${id}`).set(bearer(teacher.token))).status).toBe(403);
		expect((await request(t.app).delete("/v1/invitations/2b1c8f0e-0000-4000-8000-000000000000").set(bearer(school.token))).status).toBe(404);
	});
});

describe("POST /v1/invitations/accept", () => {
	it("creates the account, adds the membership, and signs in to the inviting school; the token is then used up", async () => {
		const email = uniqueEmail("newbie");
		const { token } = await invite(email, "teacher");
		const missing = await request(t.app).post("/v1/invitations/accept").send({ token });
		expect(missing.status).toBe(422);
		expect(missing.body.error.details.issues[0].path).toBe("/password");
		const res = await request(t.app).post("/v1/invitations/accept").send({ token, password: PASSWORD, displayName: "Mr New" });
		expect(res.status).toBe(200);
		expect(parse(TokenResponse, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		const members = await request(t.app).get("/v1/members").set(bearer(res.body.accessToken));
		expect(members.status).toBe(200);
		const me = members.body.items.find((m: { user: { email?: string } }) => m.user.email === email);
		expect(me).toMatchObject({ roles: ["teacher"], user: { displayName: "Mr New" } });
		expect((await request(t.app).post("/v1/invitations/accept").send({ token, password: PASSWORD })).status).toBe(404);
		expect(await auditActions(t, school.tenantId)).toContain("invitation.accepted");
	});

	it("links an existing account when its password is given, and refuses a wrong one (401)", async () => {
		const elsewhere = await signupSchool(t, "Elsewhere");
		const { token } = await invite(elsewhere.email, "guardian");
		const wrong = await request(t.app).post("/v1/invitations/accept").send({ token, password: "not the right password" });
		expect(wrong.status).toBe(401);
		expect(await rolesOf(elsewhere.userId)).toEqual([]);
		const res = await request(t.app).post("/v1/invitations/accept").send({ token, password: PASSWORD });
		expect(res.status).toBe(200);
		expect(await rolesOf(elsewhere.userId)).toEqual(["guardian"]);
		expect(await rolesOf(elsewhere.userId, elsewhere.tenantId)).toEqual(["tenant_admin"]);
	});

	it("links a signed-in person whose address was invited without asking for the password", async () => {
		const elsewhere = await signupSchool(t, "Signed In Elsewhere");
		const { token } = await invite(elsewhere.email.toUpperCase(), "teacher");
		const res = await request(t.app).post("/v1/invitations/accept").set(bearer(elsewhere.token)).send({ token });
		expect(res.status).toBe(200);
		expect(await rolesOf(elsewhere.userId)).toEqual(["teacher"]);
	});

	it("a signed-in person with another address still needs the invited account's password", async () => {
		const invitedAccount = await signupSchool(t, "Invited Account");
		const { token } = await invite(invitedAccount.email, "teacher");
		const res = await request(t.app).post("/v1/invitations/accept").set(bearer(teacher.token)).send({ token });
		expect(res.status).toBe(401);
		expect(await rolesOf(invitedAccount.userId)).toEqual([]);
	});

	it("an expired or unknown token answers the same 404", async () => {
		const { id, token } = await invite(uniqueEmail("late"));
		await systemQuery(t, "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
		const expired = await request(t.app).post("/v1/invitations/accept").send({ token, password: PASSWORD });
		const unknown = await request(t.app).post("/v1/invitations/accept").send({ token: "inv_nope", password: PASSWORD });
		expect(expired.status).toBe(404);
		expect(unknown.status).toBe(404);
		expect(expired.body.error.message).toBe(unknown.body.error.message);
	});
});
