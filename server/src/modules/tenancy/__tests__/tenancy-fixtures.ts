/**
 * Test helpers for tenancy, API keys and audit: schools made through the real signup route, members added
 * the way acceptance adds them (account + membership + session), keys made through the real route.
 */
import { randomBytes } from "node:crypto";
import type { ApiKeyScope, Role } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { withSystem, withTenant } from "../../../db/tenant-scope";
import type { TestApp } from "../../../http/__tests__/harness";
import { type OutboxMail, waitForOutboxMails } from "../../../integrations/mail/__tests__/outbox-mails";
import { issueSession } from "../../auth/sessions/issue-session";
import { createUser } from "../../auth/users/create-user";

export const PASSWORD = "a long enough passphrase 42";

export interface SchoolAdmin {
	readonly tenantId: string;
	readonly userId: string;
	readonly email: string;
	readonly token: string;
}

export interface Person {
	readonly userId: string;
	readonly email: string;
	readonly token: string;
}

export function uniqueEmail(label: string): string {
	return `${label.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${randomBytes(4).toString("hex")}@school.example`;
}

export function bearer(token: string): { Authorization: string } {
	return { Authorization: `Bearer ${token}` };
}

/** A new school the way a person makes one: POST /v1/signup, the link in the mail, POST /v1/signup/complete. */
export async function signupSchool(t: TestApp, name: string): Promise<SchoolAdmin> {
	const email = uniqueEmail("admin");
	const res = await finishSignup(t, { organizationName: name, email });
	if (res.status !== 201) throw new Error(`signup answered ${res.status}: ${JSON.stringify(res.body)}`);
	return { tenantId: res.body.tenant.id, userId: res.body.user.id, email, token: res.body.tokens.accessToken };
}

export interface SignupByMail {
	readonly organizationName: string;
	readonly email: string;
	readonly password?: string;
	readonly displayName?: string;
}

/** Asks to sign up (202), takes the token from the mailed link, and finishes: the completion's response. */
export async function finishSignup(t: TestApp, signup: SignupByMail): Promise<request.Response> {
	const asked = await request(t.app).post("/v1/signup").send({ organizationName: signup.organizationName, email: signup.email });
	if (asked.status !== 202) throw new Error(`signup answered ${asked.status}: ${JSON.stringify(asked.body)}`);
	const token = await signupToken(t, signup.email);
	return request(t.app)
		.post("/v1/signup/complete")
		.send({ token, password: signup.password ?? PASSWORD, ...(signup.displayName === undefined ? {} : { displayName: signup.displayName }) });
}

/** The token in the newest "finish creating your school" mail to an address, once the mail.send job has delivered it. */
export async function signupToken(t: TestApp, email: string): Promise<string> {
	const mail = await waitForMail(t, email, "signup-finish");
	const token = /\/sign-up\/complete\?token=([A-Za-z0-9_%-]+)/.exec(mail.text_body)?.[1];
	if (token === undefined) throw new Error(`no sign-up link in: ${mail.text_body}`);
	return decodeURIComponent(token);
}

/**
 * The newest mail to an address (any letter case) with this template, waiting for the mail.send job.
 * `after`: only mails written after this many such mails already existed.
 */
export async function waitForMail(t: TestApp, address: string, template: string, after = 0): Promise<OutboxMail> {
	const mails = await waitForOutboxMails(t.infra.db, { to: address, template, count: after + 1 });
	const newest = mails.length > after ? mails[mails.length - 1] : undefined;
	if (newest === undefined) throw new Error(`no ${template} mail to ${address}`);
	return newest;
}

/** How many mails with this template went to an address (any letter case). */
export async function countMails(t: TestApp, address: string, template?: string): Promise<number> {
	const [row] = await t.infra.db.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_outbox WHERE lower(to_address) = lower($1) AND ($2::text IS NULL OR template = $2)", {
		bind: [address, template ?? null],
		type: QueryTypes.SELECT,
	});
	return row?.n ?? 0;
}

/** Someone with these roles in the school, signed in there. */
export async function addPerson(t: TestApp, tenantId: string, roles: ReadonlyArray<Role>, label: string = roles[0] ?? "person"): Promise<Person> {
	const db = t.infra.db;
	const email = uniqueEmail(label);
	const user = await createUser(db, { email, password: PASSWORD, displayName: label });
	await withTenant(db, tenantId, async (transaction) => {
		for (const role of roles) await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)", { bind: [tenantId, user.id, role], transaction });
	});
	const tokens = await issueSession(t, { userId: user.id, tenantId, roles });
	return { userId: user.id, email, token: tokens.accessToken };
}

/** A key through POST /v1/api-keys. */
export async function createKey(t: TestApp, adminToken: string, scopes: ReadonlyArray<ApiKeyScope> = ["runtime:read"]): Promise<{ id: string; secret: string }> {
	const res = await request(t.app).post("/v1/api-keys").set(bearer(adminToken)).send({ name: "Test experience", scopes });
	if (res.status !== 201) throw new Error(`createApiKey answered ${res.status}: ${JSON.stringify(res.body)}`);
	return { id: res.body.apiKey.id, secret: res.body.secret };
}

/**
 * SQL as the system role, for tests that look behind the API. Tenant-owned tables are under row-level security:
 * unscoped, a login role that is not a superuser (as in production) would see none of their rows.
 */
export function systemQuery<T extends object>(t: TestApp, sql: string, bind: unknown[] = []): Promise<T[]> {
	return withSystem(t.infra.db, (transaction) => t.infra.db.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction }));
}

/** The audit actions recorded for a school, oldest first (read as the system, bypassing the API). */
export async function auditActions(t: TestApp, tenantId: string): Promise<string[]> {
	const rows = await systemQuery<{ action: string }>(t, "SELECT action FROM audit_events WHERE tenant_id = $1 ORDER BY created_at, id", [tenantId]);
	return rows.map((row) => row.action);
}
