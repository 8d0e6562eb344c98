import { parse } from "@toolboxai/shared/node";
import { AuditPage } from "@toolboxai/shared";
import request from "supertest";
import { APP_ROLE } from "../../db/rls";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { addPerson, bearer, signupSchool, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { auditCursor } from "./list-audit-events";
import { recordAudit } from "./record-audit";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let other: SchoolAdmin;
let teacher: Person;
let otherSchoolEvent: string;
beforeAll(async () => {
	database = await createTestDatabase("audit");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Audited School");
	other = await signupSchool(t, "Other Audited School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
	for (let i = 0; i < 6; i++) await recordAudit(t.infra.db, { action: "class.created", tenantId: school.tenantId, targetType: "n", targetId: String(i), ip: "203.0.113.9" });
	otherSchoolEvent = (await recordAudit(t.infra.db, { action: "class.created", tenantId: other.tenantId })).id;
	await recordAudit(t.infra.db, { action: "auth.login_failed", tenantId: null, details: { reason: "unknown_account" } });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("GET /v1/audit-events", () => {
	it("pages newest first with an opaque cursor, over the caller's school only", async () => {
		const seen: Array<{ action: string; targetId?: string; createdAt: string }> = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const res = await request(t.app)
				.get("/v1/audit-events")
				.query({ limit: 3, ...(cursor === undefined ? {} : { cursor }) })
				.set(bearer(school.token));
			expect(res.status).toBe(200);
			expect(parse(AuditPage, res.body, { unknownKeys: "reject" }).ok).toBe(true);
			expect(res.body.items.length).toBeLessThanOrEqual(3);
			seen.push(...res.body.items);
			cursor = res.body.nextCursor;
			pages++;
		} while (cursor !== undefined && pages < 10);
		// tenant.created (signup) + 6 test events.
		expect(seen.map((e) => e.action)).toEqual([...Array(6).fill("class.created"), "tenant.created"]);
		expect(seen.filter((e) => e.action === "class.created").map((e) => e.targetId)).toEqual(["5", "4", "3", "2", "1", "0"]);
		expect(pages).toBe(3);
		expect(seen.map((e) => Date.parse(e.createdAt))).toEqual([...seen.map((e) => Date.parse(e.createdAt))].sort((a, b) => b - a));
	});

	it("keeps ip and request id, and never shows events of no school or another school", async () => {
		const res = await request(t.app).get("/v1/audit-events").query({ limit: 200 }).set(bearer(school.token));
		expect(res.body.items[0]).toMatchObject({ ip: "203.0.113.9" });
		const actions = res.body.items.map((e: { action: string }) => e.action);
		expect(res.body.items.map((e: { id: string }) => e.id)).not.toContain(otherSchoolEvent);
		expect(actions).not.toContain("auth.login_failed");
	});

	it("answers 400 for a cursor it did not give out, or a limit out of range", async () => {
		for (const query of [{ cursor: "garbage!" }, { cursor: auditCursor.encode({ createdAt: "yesterday", id: "x" }) }, { limit: 0 }, { limit: 201 }, { limit: "ten" }]) {
			const res = await request(t.app).get("/v1/audit-events").query(query).set(bearer(school.token));
			expect({ query, status: res.status }).toEqual({ query, status: 400 });
		}
	});

	it("is refused to a teacher (403)", async () => {
		expect((await request(t.app).get("/v1/audit-events").set(bearer(teacher.token))).status).toBe(403);
	});
});

describe("audit_events is append-only", () => {
	it("the app role cannot change or delete events, and the trigger refuses even the owner", async () => {
		const db = t.infra.db;
		await expect(withTenant(db, school.tenantId, (transaction) => db.query("UPDATE audit_events SET action = 'forged'", { transaction }))).rejects.toThrow(/permission denied/);
		await expect(withTenant(db, school.tenantId, (transaction) => db.query("DELETE FROM audit_events", { transaction }))).rejects.toThrow(/permission denied/);
		// As the connecting role (the owner here, with every table right), rows of the school in view: the trigger refuses.
		const asOwner = (sql: string) =>
			db.transaction(async (transaction) => {
				await db.query("SELECT set_config('app.tenant_id', $1, true)", { bind: [school.tenantId], transaction });
				await db.query(sql, { transaction });
			});
		await expect(asOwner("UPDATE audit_events SET action = 'forged'")).rejects.toThrow(/append-only/);
		await expect(asOwner("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
		await expect(asOwner("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
		const res = await request(t.app).get("/v1/audit-events").set(bearer(school.token));
		expect(res.body.items.map((e: { action: string }) => e.action)).not.toContain("forged");
		expect(APP_ROLE).toBe("toolboxai_app");
	});

	it("recordAudit inside another tenant's scope fails the row policy instead of writing across schools", async () => {
		const db = t.infra.db;
		await expect(
			withTenant(db, other.tenantId, async (transaction) => {
				await db.query(`SET LOCAL ROLE ${APP_ROLE}`, { transaction });
				await db.query("INSERT INTO audit_events (tenant_id, action) VALUES ($1, 'sneaky')", { bind: [school.tenantId], transaction });
			}),
		).rejects.toThrow(/row-level security/);
	});
});

describe("audit cursor", () => {
	it("round-trips exact microsecond timestamps", () => {
		const position = { createdAt: "2026-11-25T13:45:06.123456Z", id: "2b1c8f0e-1111-4000-8000-000000000000" };
		expect(auditCursor.decode(auditCursor.encode(position))).toEqual(position);
	});
});
