/**
 * The cross-tenant suite: two schools, each with an admin, a teacher, a student, a guardian (linked), an API key,
 * a pending invitation and an approved Studio sign-in. Every operation the real app serves is called as school B
 * with school A's ids; it must answer 404 (or 403) for A's objects and never show A's data. New routes are covered
 * by default: a path parameter (or body id field) without a fixture below fails the suite.
 */
import { randomUUID } from "node:crypto";
import type { ApiKeyScope, Role } from "@toolboxai/shared";
import { API_KEY_SCOPES } from "@toolboxai/shared";
import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { operationsOf } from "../app";
import { withTenant } from "../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../http/__tests__/harness";
import type { AnyRouteDefinition } from "../http/route";
import { rolesAllow } from "../access/permissions";
import { issueSession } from "../modules/auth/sessions/issue-session";
import { seedAuthFixtures } from "../modules/auth/__tests__/cross-tenant-fixtures";
import { seedDeploymentsFixtures } from "../modules/deployments/__tests__/cross-tenant-fixtures";
import { seedEnvironmentsFixtures } from "../modules/environments/__tests__/cross-tenant-fixtures";
import { seedMailFixtures } from "../modules/mail/__tests__/cross-tenant-fixtures";
import { seedTenancyFixtures } from "../modules/tenancy/__tests__/cross-tenant-fixtures";
import { seedPrivacyFixtures } from "../modules/privacy/__tests__/cross-tenant-fixtures";
import { seedReleasesFixtures } from "../modules/releases/__tests__/cross-tenant-fixtures";
import type { ModuleFixtures, SeedModuleFixtures } from "./cross-tenant/fixture-types";
import { addPerson, bearer, createKey, PASSWORD, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../modules/tenancy/__tests__/tenancy-fixtures";

interface School {
	readonly name: string;
	readonly admin: SchoolAdmin;
	readonly teacher: Person;
	readonly student: Person;
	readonly guardian: Person;
	readonly apiKey: { id: string; secret: string };
	readonly invitation: { id: string; email: string };
	readonly userCode: string;
	readonly lesson: { id: string; version: string };
	/** A class of the teacher's, with a published lesson (not `lesson`, which stays a draft) assigned and the student on its roster. */
	readonly klass: { id: string; joinCode: string; lessonId: string };
	/** Objects of modules that seed their own (environments, releases, deployments), in this order. */
	readonly modules: ReadonlyArray<ModuleFixtures>;
}

/** Modules with their own seeders (each in its __tests__/cross-tenant-fixtures.ts); later ones may use earlier ones' objects. */
const MODULE_SEEDERS: ReadonlyArray<SeedModuleFixtures> = [
	seedEnvironmentsFixtures,
	seedReleasesFixtures,
	seedDeploymentsFixtures,
	seedAuthFixtures,
	seedMailFixtures,
	seedTenancyFixtures,
	seedPrivacyFixtures,
];

let database: TestDatabase;
let t: TestApp;
let a: School;
let b: School;

async function seedSchool(name: string): Promise<School> {
	const admin = await signupSchool(t, name);
	const teacher = await addPerson(t, admin.tenantId, ["teacher"], `${name} teacher`);
	const student = await addPerson(t, admin.tenantId, ["student"], `${name} student`);
	const guardian = await addPerson(t, admin.tenantId, ["guardian"], `${name} guardian`);
	const link = await request(t.app).post("/v1/guardian-links").set(bearer(admin.token)).send({ guardianUserId: guardian.userId, studentUserId: student.userId });
	expect(link.status).toBe(201);
	const apiKey = await createKey(t, admin.token, [...API_KEY_SCOPES] as ApiKeyScope[]);
	const invitedEmail = `invited.${name.replace(/\W/g, "").toLowerCase()}@school.example`;
	const invitation = await request(t.app).post("/v1/invitations").set(bearer(admin.token)).send({ email: invitedEmail, role: "teacher" });
	expect(invitation.status).toBe(201);
	const device = await request(t.app)
		.post("/v1/auth/device/code")
		.send({ clientId: "toolboxai-studio-plugin", deviceName: `${name} lab` });
	expect(device.status).toBe(200);
	const decision = await request(t.app).post("/v1/auth/device/decision").set(bearer(teacher.token)).send({ userCode: device.body.userCode, decision: "approve" });
	expect(decision.status).toBe(200);
	const lesson = await request(t.app)
		.post("/v1/lessons")
		.set(bearer(teacher.token))
		.send({ title: `${name} fractions`, subject: "math", gradeBand: "3-5", objectives: [] });
	expect(lesson.status).toBe(201);
	const content = { schemaVersion: 1, title: `${name} fractions`, steps: [{ kind: "instruction", id: "intro", text: "Hello" }] };
	const version = await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions`).set(bearer(teacher.token)).send({ version: "1.0.0", content });
	expect(version.status).toBe(201);
	const classLesson = await request(t.app)
		.post("/v1/lessons")
		.set(bearer(teacher.token))
		.send({ title: `${name} decimals`, subject: "math", gradeBand: "3-5", objectives: [] });
	expect(classLesson.status).toBe(201);
	const classVersion = await request(t.app).post(`/v1/lessons/${classLesson.body.id}/versions`).set(bearer(teacher.token)).send({ version: "1.0.0", content });
	expect(classVersion.status).toBe(201);
	const published = await request(t.app).post(`/v1/lessons/${classLesson.body.id}/versions/1.0.0/publish`).set(bearer(teacher.token)).send({});
	expect(published.status).toBe(200);
	const klass = await request(t.app)
		.post("/v1/classes")
		.set(bearer(teacher.token))
		.send({ name: `${name} period 1` });
	expect(klass.status).toBe(201);
	const assigned = await request(t.app).post(`/v1/classes/${klass.body.id}/assignments`).set(bearer(teacher.token)).send({ lessonId: classLesson.body.id, version: "1.0.0" });
	expect(assigned.status).toBe(201);
	await withTenant(t.infra.db, admin.tenantId, (transaction) =>
		t.infra.db.query("INSERT INTO class_members (tenant_id, class_id, user_id) VALUES ($1, $2, $3)", { bind: [admin.tenantId, klass.body.id, student.userId], transaction }),
	);
	// The student plays: linked to a Roblox user, one progress event stored with the school's key.
	const robloxUserId = name === "Aspen Academy" ? 424201 : 424202;
	await t.infra.db.query("UPDATE users SET roblox_user_id = $2 WHERE id = $1", { bind: [student.userId, robloxUserId] });
	const batch = await request(t.app)
		.post("/v1/runtime/progress/batches")
		.set("X-Api-Key", apiKey.secret)
		.send({
			batchId: randomUUID(),
			events: [{ kind: "lesson_started", eventId: randomUUID(), robloxUserId, lessonId: classLesson.body.id, occurredAt: "2026-11-25T13:09:16.123Z" }],
		});
	expect(batch.body).toMatchObject({ accepted: 1, rejected: [] });
	const modules: ModuleFixtures[] = [];
	for (const seed of MODULE_SEEDERS) modules.push(await seed(t, { name, admin, teacher, apiKey }));
	return {
		modules,
		name,
		admin,
		teacher,
		student,
		guardian,
		apiKey,
		invitation: { id: invitation.body.id, email: invitedEmail },
		userCode: device.body.userCode,
		lesson: { id: lesson.body.id, version: "1.0.0" },
		klass: { id: klass.body.id, joinCode: klass.body.joinCode, lessonId: classLesson.body.id },
	};
}

/** School A's object for each path parameter name. A route whose parameter is missing here fails the suite. */
function pathFixtures(school: School): Record<string, string> {
	return {
		apiKeyId: school.apiKey.id,
		userId: school.teacher.userId,
		invitationId: school.invitation.id,
		userCode: school.userCode,
		lessonId: school.lesson.id,
		version: school.lesson.version,
		classId: school.klass.id,
		studentUserId: school.student.userId,
		robloxUserId: String(school.name === "Aspen Academy" ? 424201 : 424202), // the student's, as seedSchool links it
		...Object.assign({}, ...school.modules.map((fixtures) => fixtures.path)),
	};
}

/** School A's values for fields of request bodies that name an object (every uuid-valued field must have one). */
function bodyFixtures(school: School): Record<string, string> {
	return {
		userCode: school.userCode,
		tenantId: school.admin.tenantId,
		guardianUserId: school.guardian.userId,
		studentUserId: school.student.userId,
		userId: school.teacher.userId,
		lessonId: school.klass.lessonId,
		joinCode: school.klass.joinCode,
		// Made by game servers, not objects of A: the example's own ids (events are keyed per school).
		batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34",
		eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e",
		...Object.assign({}, ...school.modules.map((fixtures) => fixtures.body)),
	};
}

/** Everything of school A that must never appear in an answer to school B. */
function markersOf(school: School): string[] {
	return [
		school.admin.tenantId,
		school.name,
		school.admin.userId,
		school.admin.email,
		school.teacher.userId,
		school.teacher.email,
		school.student.userId,
		school.guardian.userId,
		school.apiKey.id,
		school.apiKey.secret.slice(0, 12),
		school.invitation.id,
		school.invitation.email,
		school.lesson.id,
		school.klass.id,
		school.klass.joinCode,
		school.klass.lessonId,
		...school.modules.flatMap((fixtures) => fixtures.markers),
	];
}

function pathFor(route: AnyRouteDefinition, fixtures: Record<string, string>): string {
	return route.path.replace(/:(\w+)/g, (_match, name: string) => {
		const value = fixtures[name];
		if (value === undefined) throw new Error(`${route.operationId}: add a cross-tenant fixture for :${name}`);
		return encodeURIComponent(value);
	});
}

function bodyFor(route: AnyRouteDefinition, fixtures: Record<string, string>): unknown {
	const swap = (value: unknown, key: string | undefined): unknown => {
		if (typeof value === "string" && key !== undefined && (isUuid(value) || fixtures[key] !== undefined)) {
			const fixture = fixtures[key];
			if (fixture === undefined) throw new Error(`${route.operationId}: add a cross-tenant fixture for body field ${key}`);
			return fixture;
		}
		if (Array.isArray(value)) return value.map((item) => swap(item, undefined));
		if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, k)]));
		return value;
	};
	return swap(route.request?.example, undefined);
}

/** School B's caller for a route: its API key, or the first of its people whose roles allow the route. */
async function credentialFor(route: AnyRouteDefinition, school: School): Promise<Record<string, string>> {
	const access = route.access;
	if (access.kind === "public") return {};
	if (access.kind === "api_key") return { "X-Api-Key": school.apiKey.secret };
	const people: Array<[Person | SchoolAdmin, Role[]]> = [
		[school.admin, ["tenant_admin"]],
		[school.teacher, ["teacher"]],
		[school.guardian, ["guardian"]],
		[school.student, ["student"]],
	];
	let [person, roles] = people.find(([, roles]) => access.permission === undefined || rolesAllow(roles, access.permission)) ?? (people[0] as [SchoolAdmin, Role[]]);
	// Signing out everywhere ends every session of its caller: a person of its own, so the school's people keep theirs.
	if (route.operationId === "endAllMySessions") [person, roles] = [await addPerson(t, school.admin.tenantId, ["teacher"], `${school.name} leaver`), ["teacher"]];
	// A fresh session per call: the walk includes logout, which would end a shared one.
	const tokens = await issueSession(t, { userId: person.userId, tenantId: school.admin.tenantId, roles });
	return bearer(tokens.accessToken);
}

async function call(route: AnyRouteDefinition, caller: School, target: School): Promise<request.Response> {
	const url = pathFor(route, pathFixtures(target));
	// Required query parameters (a lesson diff's versions) get a placeholder, so the probe reaches the lookup of A's ids.
	const required = Object.fromEntries((route.query ?? []).filter((parameter) => parameter.required === true).map((parameter) => [parameter.name, "1.0.0"]));
	// The tenant comes from the Caller only: naming A's tenant in the query must change nothing.
	let test = (request(t.app) as unknown as Record<string, (url: string) => request.Test>)
		[route.method](url)
		.query({ ...required, tenantId: target.admin.tenantId })
		.set(await credentialFor(route, caller));
	if (route.request !== undefined) test = test.send(bodyFor(route, bodyFixtures(target)) as object);
	// A raw-body route (a file upload) gets bytes of its first content type: the ids it names are in its path.
	if (route.rawBody !== undefined) test = test.set("Content-Type", route.rawBody.contentTypes[0] ?? "application/octet-stream").send(Buffer.from("cross-tenant probe"));
	return test;
}

beforeAll(async () => {
	database = await createTestDatabase("cross_tenant");
	t = await startTestApp({ database });
	a = await seedSchool("Aspen Academy");
	b = await seedSchool("Birch Elementary");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("every operation, called by school B with school A's ids", () => {
	it("the app serves operations, and every path parameter has a fixture", () => {
		const operations = operationsOf(t.app);
		expect(operations.length).toBeGreaterThan(10);
		for (const route of operations) expect(() => pathFor(route, pathFixtures(a))).not.toThrow();
		for (const route of operations) expect(() => bodyFor(route, bodyFixtures(a))).not.toThrow();
	});

	it("a route with a parameter or body id nobody gave a fixture for fails the suite", () => {
		const base = operationsOf(t.app)[0] as AnyRouteDefinition;
		expect(() => pathFor({ ...base, operationId: "getWidget", path: "/v1/widgets/:widgetId" }, pathFixtures(a))).toThrow("add a cross-tenant fixture for :widgetId");
		const withBody = { ...base, operationId: "moveLesson", request: { body: base.response.body, example: { classId: "2b1c8f0e-0000-4000-8000-000000000000" } } };
		expect(() => bodyFor(withBody, bodyFixtures(a))).toThrow("add a cross-tenant fixture for body field classId");
	});

	it("answers 404 or 403 for A's objects, and never shows A's data", async () => {
		const results: Array<{ operation: string; status: number; leaked: string[] }> = [];
		for (const route of operationsOf(t.app)) {
			const res = await call(route, b, a);
			const text = JSON.stringify(res.body ?? "") + (res.text ?? "");
			const leaked = markersOf(a).filter((marker) => text.includes(marker));
			results.push({ operation: `${route.method.toUpperCase()} ${route.path}`, status: res.status, leaked });
			expect({ operation: route.operationId, leaked }).toEqual({ operation: route.operationId, leaked: [] });
			const namesAnObject = route.path.includes(":") || JSON.stringify(bodyFor(route, bodyFixtures(a))) !== JSON.stringify(route.request?.example);
			// 422 only for bodies: "must be a guardian of this school" refuses without saying whose the id is.
			// A progress batch is answered per event: naming A's lesson must reject every event and store none.
			const everyEventRejected = res.status === 200 && res.body?.accepted === 0 && res.body?.duplicates === 0 && Array.isArray(res.body?.rejected) && res.body.rejected.length > 0;
			if (namesAnObject && !route.path.includes(":"))
				expect({ operation: route.operationId, status: [403, 404, 422].includes(res.status) || everyEventRejected ? "refused" : res.status }).toEqual({
					operation: route.operationId,
					status: "refused",
				});
			if (route.path.includes(":"))
				expect({ operation: route.operationId, status: [403, 404].includes(res.status) ? "refused" : res.status }).toEqual({ operation: route.operationId, status: "refused" });
			expect({ operation: route.operationId, status: res.status >= 500 ? res.status : "ok" }).toEqual({ operation: route.operationId, status: "ok" });
		}
		expect(results.length).toBe(operationsOf(t.app).length);
	});

	it("left A's objects as they were: key works, teacher keeps the role, invitation still pending", async () => {
		const whoami = await request(t.app).get("/v1/runtime/whoami").set("X-Api-Key", a.apiKey.secret);
		expect(whoami.status).toBe(200);
		expect(whoami.body.tenantId).toBe(a.admin.tenantId);
		const members = await request(t.app).get("/v1/members").set(bearer(a.admin.token));
		const teacher = members.body.items.find((m: { user: { id: string } }) => m.user.id === a.teacher.userId);
		expect(teacher?.roles).toEqual(["teacher"]);
		const invitations = await request(t.app).get("/v1/invitations").set(bearer(a.admin.token));
		const pending = invitations.body.items.find((i: { id: string }) => i.id === a.invitation.id);
		expect(pending).toBeDefined();
		expect(pending.revokedAt).toBeUndefined();
	});

	it("B's own objects are reachable the same way (so the 404s above are about the tenant, not the fixtures)", async () => {
		const own = await request(t.app).get(`/v1/auth/device/${b.userCode}`).set(bearer(b.teacher.token));
		expect(own.status).toBe(200);
		const keys = await request(t.app).get("/v1/api-keys").set(bearer(b.admin.token));
		expect(keys.body.items.map((k: { id: string }) => k.id)).toContain(b.apiKey.id);
		const linked = await request(t.app).get("/v1/linked-students").set(bearer(b.guardian.token));
		expect(linked.body.items.map((u: { id: string }) => u.id)).toEqual([b.student.userId]);
		const version = await request(t.app).get(`/v1/lessons/${b.lesson.id}/versions/${b.lesson.version}`).set(bearer(b.teacher.token));
		expect(version.status).toBe(200);
	});

	it("A's lesson is untouched: still a draft with its one version", async () => {
		const lesson = await request(t.app).get(`/v1/lessons/${a.lesson.id}`).set(bearer(a.admin.token));
		expect(lesson.status).toBe(200);
		expect(lesson.body).toMatchObject({ status: "draft", latestVersion: "1.0.0", title: "Aspen Academy fractions" });
		expect(lesson.body.publishedVersion).toBeUndefined();
		const versions = await request(t.app).get(`/v1/lessons/${a.lesson.id}/versions`).set(bearer(a.admin.token));
		expect(versions.body.items.map((v: { version: string }) => v.version)).toEqual(["1.0.0"]);
	});

	it("A's class is untouched (name, code, roster, assignment) and B's own class answers B", async () => {
		const klass = await request(t.app).get(`/v1/classes/${a.klass.id}`).set(bearer(a.teacher.token));
		expect(klass.body).toMatchObject({ name: "Aspen Academy period 1", joinCode: a.klass.joinCode });
		expect(klass.body.archivedAt).toBeUndefined();
		const roster = await request(t.app).get(`/v1/classes/${a.klass.id}/roster`).set(bearer(a.teacher.token));
		expect(roster.body.items.map((s: { userId: string }) => s.userId)).toEqual([a.student.userId]);
		const assignments = await request(t.app).get(`/v1/classes/${a.klass.id}/assignments`).set(bearer(a.teacher.token));
		expect(assignments.body.items.map((s: { lessonId: string }) => s.lessonId)).toEqual([a.klass.lessonId]);
		const own = await request(t.app).get(`/v1/classes/${b.klass.id}/roster`).set(bearer(b.teacher.token));
		expect(own.body.items.map((s: { userId: string }) => s.userId)).toEqual([b.student.userId]);
	});

	it("B cannot assign A's published lesson to B's own class", async () => {
		const res = await request(t.app).post(`/v1/classes/${b.klass.id}/assignments`).set(bearer(b.teacher.token)).send({ lessonId: a.klass.lessonId, version: "1.0.0" });
		expect(res.status).toBe(404);
		const listed = await request(t.app).get(`/v1/classes/${b.klass.id}/assignments`).set(bearer(b.teacher.token));
		expect(listed.body.items.map((s: { lessonId: string }) => s.lessonId)).toEqual([b.klass.lessonId]);
	});
});

describe("the tenant comes from the Caller only", () => {
	it("a key created by B with A's tenantId in the query belongs to B", async () => {
		const res = await request(t.app)
			.post("/v1/api-keys")
			.query({ tenantId: a.admin.tenantId })
			.set(bearer(b.admin.token))
			.send({ name: "sneaky", scopes: ["runtime:read"] });
		expect(res.status).toBe(201);
		const [row] = await systemQuery<{ tenant_id: string }>(t, "SELECT tenant_id FROM api_keys WHERE id = $1", [res.body.apiKey.id]);
		expect(row?.tenant_id).toBe(b.admin.tenantId);
	});

	it("a tenantId in a body that does not declare one is refused, not obeyed", async () => {
		const res = await request(t.app).post("/v1/invitations").set(bearer(b.admin.token)).send({ email: "x@school.example", role: "teacher", tenantId: a.admin.tenantId });
		expect(res.status).toBe(422);
		const rows = await withTenant(t.infra.db, a.admin.tenantId, (transaction) =>
			t.infra.db.query("SELECT id FROM invitations WHERE email = 'x@school.example'", { type: QueryTypes.SELECT, transaction }),
		);
		expect(rows).toEqual([]);
	});

	it("signing in to A's school as B's admin is refused", async () => {
		const res = await request(t.app).post("/v1/auth/login").send({ email: b.admin.email, password: PASSWORD, tenantId: a.admin.tenantId });
		expect([401, 403]).toContain(res.status);
		expect(res.body.accessToken).toBeUndefined();
	});

	it("row-level security holds even for SQL without a tenant filter: B's scope sees none of A's rows", async () => {
		const counts = await withTenant(t.infra.db, b.admin.tenantId, async (transaction) => {
			const count = async (table: string) =>
				(
					await t.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, { bind: [a.admin.tenantId], type: QueryTypes.SELECT, transaction })
				)[0]?.n;
			return {
				memberships: await count("memberships"),
				invitations: await count("invitations"),
				api_keys: await count("api_keys"),
				audit_events: await count("audit_events"),
				guardian_links: await count("guardian_links"),
				auth_sessions: await count("auth_sessions"),
				device_authorizations: await count("device_authorizations"),
				lessons: await count("lessons"),
				lesson_versions: await count("lesson_versions"),
				classes: await count("classes"),
				class_join_codes: await count("class_join_codes"),
				class_members: await count("class_members"),
				class_assignments: await count("class_assignments"),
				progress_events: await count("progress_events"),
			};
		});
		expect(counts.memberships).toBe(0);
		expect(counts.invitations).toBe(0);
		expect(counts.api_keys).toBe(0);
		expect(counts.audit_events).toBe(0);
		expect(counts.guardian_links).toBe(0);
		expect(counts.device_authorizations).toBe(0);
		expect(counts.lessons).toBe(0);
		expect(counts.lesson_versions).toBe(0);
		expect([counts.classes, counts.class_join_codes, counts.class_members, counts.class_assignments, counts.progress_events]).toEqual([0, 0, 0, 0, 0]);
		// Not vacuous: A's own scope sees those rows.
		const own = await systemQuery<{ n: number }>(
			t,
			"SELECT (SELECT count(*) FROM classes WHERE tenant_id = $1) + (SELECT count(*) FROM class_members WHERE tenant_id = $1) + (SELECT count(*) FROM class_assignments WHERE tenant_id = $1) + (SELECT count(*) FROM progress_events WHERE tenant_id = $1) AS n",
			[a.admin.tenantId],
		);
		expect(Number(own[0]?.n)).toBeGreaterThanOrEqual(4);
	});
});
