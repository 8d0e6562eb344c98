import request from "supertest";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs } from "./__tests__/class-fixtures";
import { findClassByJoinCode } from "./find-class-by-join-code";
import { issueJoinCode } from "./issue-join-code";
import { rotateJoinCode } from "./rotate-join-code";

let database: TestDatabase;
let t: TestApp;
let a: SchoolAdmin;
let b: SchoolAdmin;

beforeAll(async () => {
	database = await createTestDatabase("class_join_codes");
	t = await startTestApp({ database });
	a = await signupSchool(t, "Join Code School A");
	b = await signupSchool(t, "Join Code School B");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const callerOf = (admin: SchoolAdmin): UserCaller => ({
	tenantId: admin.tenantId,
	actor: { kind: "user", userId: admin.userId, roles: ["tenant_admin"], sessionId: "test-session" },
	origin: {},
});
const deps = (generateJoinCode?: () => string) => ({ infra: t.infra, ...(generateJoinCode === undefined ? {} : { generateJoinCode }) });

describe("findClassByJoinCode (for the game)", () => {
	it("finds the class and its school by code alone, whatever the case and separators", async () => {
		const created = await createClassAs(t, a.token, { name: "Findable" });
		const typed = `${created.joinCode.slice(0, 3).toLowerCase()}-${created.joinCode.slice(3).toLowerCase()}`;
		expect(await findClassByJoinCode(t.infra.db, typed)).toEqual({ classId: created.id, tenantId: a.tenantId, name: "Findable", teacherUserId: a.userId });
		expect(await findClassByJoinCode(t.infra.db, "not a code")).toBeUndefined();
	});

	it("a rotated code finds nothing; the new one finds the class", async () => {
		const created = await createClassAs(t, a.token, { name: "Rotated" });
		const res = await request(t.app).post(`/v1/classes/${created.id}/join-code`).set(bearer(a.token)).send({});
		expect(res.status).toBe(201);
		expect(await findClassByJoinCode(t.infra.db, created.joinCode)).toBeUndefined();
		expect((await findClassByJoinCode(t.infra.db, res.body.joinCode))?.classId).toBe(created.id);
	});

	it("an expired code finds nothing, and the class no longer shows it", async () => {
		const created = await createClassAs(t, a.token, { name: "Expired" });
		await withTenant(t.infra.db, a.tenantId, (transaction) =>
			t.infra.db.query("UPDATE class_join_codes SET expires_at = now() - interval '1 second' WHERE class_id = $1", { bind: [created.id], transaction }),
		);
		expect(await findClassByJoinCode(t.infra.db, created.joinCode)).toBeUndefined();
		const shown = await request(t.app).get(`/v1/classes/${created.id}`).set(bearer(a.token));
		expect(shown.body.joinCode).toBeUndefined();
	});

	it("an archived class's code finds nothing", async () => {
		const created = await createClassAs(t, a.token, { name: "Archived" });
		await request(t.app).patch(`/v1/classes/${created.id}`).set(bearer(a.token)).send({ archived: true });
		expect(await findClassByJoinCode(t.infra.db, created.joinCode)).toBeUndefined();
	});
});

describe("join code uniqueness", () => {
	it("a code active in another school is never handed out again: the next draw is taken", async () => {
		const inA = await createClassAs(t, a.token, { name: "Holds a code" });
		const inB = await createClassAs(t, b.token, { name: "Wants a code" });
		const draws = [inA.joinCode, "HKM7RTX"];
		const rotated = await rotateJoinCode(
			deps(() => draws.shift() as string),
			callerOf(b),
			{ classId: inB.id },
		);
		expect(rotated.joinCode).toBe("HKM7RTX");
		expect((await findClassByJoinCode(t.infra.db, inA.joinCode))?.classId).toBe(inA.id);
	});

	it("two active rows never share a code (ON CONFLICT, then the unique index itself), but a rotated code may come back", async () => {
		const first = await createClassAs(t, a.token, { name: "First" });
		const second = await createClassAs(t, b.token, { name: "Second" });
		await expect(
			withTenant(t.infra.db, b.tenantId, (transaction) => issueJoinCode(t.infra.db, transaction, { tenantId: b.tenantId, classId: second.id }, () => first.joinCode)),
		).rejects.toThrow("free join code");
		// Behind ON CONFLICT is the global partial unique index: a raw insert of an active duplicate fails.
		await systemQuery(t, "UPDATE class_join_codes SET revoked_at = now() WHERE class_id = $1", [second.id]);
		await expect(
			systemQuery(t, "INSERT INTO class_join_codes (tenant_id, class_id, code, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')", [b.tenantId, second.id, first.joinCode]),
		).rejects.toThrow("class_join_codes_active_code_key");
		await rotateJoinCode(deps(), callerOf(a), { classId: first.id });
		const reused = await rotateJoinCode(
			deps(() => first.joinCode),
			callerOf(b),
			{ classId: second.id },
		);
		expect(reused.joinCode).toBe(first.joinCode);
		const rows = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM class_join_codes WHERE code = $1 AND revoked_at IS NULL", [first.joinCode]);
		expect(rows[0]?.n).toBe(1);
	});

	it("a class has exactly one active code after any number of rotations", async () => {
		const created = await createClassAs(t, a.token, { name: "Many rotations" });
		for (let i = 0; i < 3; i++) await rotateJoinCode(deps(), callerOf(a), { classId: created.id });
		const rows = await systemQuery<{ active: number; total: number }>(
			t,
			"SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS active, count(*)::int AS total FROM class_join_codes WHERE class_id = $1",
			[created.id],
		);
		expect(rows[0]).toEqual({ active: 1, total: 4 });
	});
});
