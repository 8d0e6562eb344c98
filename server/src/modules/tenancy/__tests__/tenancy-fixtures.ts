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

/** A new school through POST /v1/signup. */
export async function signupSchool(t: TestApp, name: string): Promise<SchoolAdmin> {
	const email = uniqueEmail("admin");
	const res = await request(t.app).post("/v1/signup").send({ organizationName: name, email, password: PASSWORD });
	if (res.status !== 201) throw new Error(`signup answered ${res.status}: ${JSON.stringify(res.body)}`);
	return { tenantId: res.body.tenant.id, userId: res.body.user.id, email, token: res.body.tokens.accessToken };
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

/** The last mail sent to an address (the embedded outbox driver). */
export async function lastMailTo(t: TestApp, address: string): Promise<{ subject: string; text_body: string } | undefined> {
	const rows = await t.infra.db.query<{ subject: string; text_body: string }>("SELECT subject, text_body FROM mail_outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1", {
		bind: [address],
		type: QueryTypes.SELECT,
	});
	return rows[0];
}
