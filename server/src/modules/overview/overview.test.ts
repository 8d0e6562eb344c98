import { randomBytes, randomUUID } from "node:crypto";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { classSchool, createClassAs, enrol, seedLesson, type ClassSchool } from "../classes/__tests__/class-fixtures";
import { addPerson, bearer, createKey, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
let other: SchoolAdmin;

beforeAll(async () => {
	database = await createTestDatabase("overview");
	t = await startTestApp({ database });
	school = await classSchool(t, "Birch Overview School");
	other = await signupSchool(t, "Other Overview School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function overviewAs(token: string) {
	const res = await request(t.app).get("/v1/overview").set(bearer(token));
	expect(res.status).toBe(200);
	return res.body;
}

async function assign(token: string, classId: string, lessonId: string, version: string): Promise<void> {
	const res = await request(t.app).post(`/v1/classes/${classId}/assignments`).set(bearer(token)).send({ lessonId, version });
	if (res.status !== 201 && res.status !== 200) throw new Error(`assign answered ${res.status}: ${JSON.stringify(res.body)}`);
}

async function completeLesson(tenantId: string, studentUserId: string, lessonId: string): Promise<void> {
	await systemQuery(
		t,
		`INSERT INTO progress_lesson_summaries (tenant_id, student_user_id, lesson_id, steps_completed, score, time_ms, completed_at, first_seen_at, last_seen_at)
		 VALUES ($1, $2, $3, 1, 1, 1000, now(), now(), now())`,
		[tenantId, studentUserId, lessonId],
	);
}

async function environmentWithDeployments(tenantId: string, name: string, statuses: ReadonlyArray<{ status: string; dryRun?: boolean }>): Promise<string> {
	const [environment] = await systemQuery<{ id: string }>(t, "INSERT INTO deployment_environments (tenant_id, name, universe_id, place_id) VALUES ($1, $2, 1, 2) RETURNING id", [
		tenantId,
		name,
	]);
	const [{ next }] = await systemQuery<{ next: number }>(t, "SELECT coalesce(max(number), 0) + 1 AS next FROM releases WHERE tenant_id = $1", [tenantId]);
	const [release] = await systemQuery<{ id: string }>(
		t,
		"INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name) VALUES ($1, $2, $3, 10, 'ToolBoxAI.rbxl') RETURNING id",
		[tenantId, next, randomBytes(32).toString("hex")],
	);
	for (const [index, { status, dryRun }] of statuses.entries()) {
		await systemQuery(
			t,
			`INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run, created_at, finished_at)
			 VALUES ($1, $2, $3, 'deploy', $4, $5, now() - make_interval(mins => $6), CASE WHEN $4 IN ('succeeded', 'failed') THEN now() END)`,
			[tenantId, environment.id, release.id, status, dryRun === true, 10 - index],
		);
	}
	return environment.id;
}

async function invitation(tenantId: string, email: string, expiresAt: string, extra: { acceptedAt?: string; revokedAt?: string; createdAt?: string } = {}): Promise<string> {
	const [row] = await systemQuery<{ id: string }>(
		t,
		`INSERT INTO invitations (tenant_id, email, email_normalized, role, token_hash, expires_at, accepted_at, revoked_at, created_at)
		 VALUES ($1, $2, lower($2), 'teacher', $3, $4::timestamptz, $5::timestamptz, $6::timestamptz, coalesce($7::timestamptz, $4::timestamptz - interval '7 days')) RETURNING id`,
		[tenantId, email, randomBytes(32), expiresAt, extra.acceptedAt ?? null, extra.revokedAt ?? null, extra.createdAt ?? null],
	);
	return row.id;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

describe("GET /v1/overview", () => {
	let classOfA: string;
	let classOfB: string;
	let lessonId: string;
	let secondStudent: string;

	beforeAll(async () => {
		classOfA = (await createClassAs(t, school.teacherA.token, { name: "A's fractions" })).id;
		classOfB = (await createClassAs(t, school.teacherB.token, { name: "B's algebra" })).id;
		lessonId = await seedLesson(t, school.teacherA.token, ["1.0.0", "1.1.0"], "1.1.0");
		secondStudent = (await addPerson(t, school.admin.tenantId, ["student"], "Second student")).userId;
		await enrol(t, school.admin.tenantId, classOfA, school.student.userId);
		await enrol(t, school.admin.tenantId, classOfA, secondStudent);
		await assign(school.teacherA.token, classOfA, lessonId, "1.1.0");
		await completeLesson(school.admin.tenantId, school.student.userId, lessonId);
	});

	it("shows a teacher their own classes with students and completions, and the school's latest publishes", async () => {
		const body = await overviewAs(school.teacherA.token);
		expect(body.scope).toBe("own");
		expect(body.classesTotal).toBe(1);
		expect(body.classes).toEqual([{ id: classOfA, name: "A's fractions", teacherName: "Teacher A", students: 2, lessonsAssigned: 1, completions: 1 }]);
		expect(body.recentlyPublished).toEqual([{ lessonId, title: "Fractions on a number line", version: "1.1.0", publishedAt: expect.any(String) }]);
		// Invitations are for those who invite: a teacher's attention has none.
		expect(body.attention.expiredInvitations).toBeUndefined();
		const other = await overviewAs(school.teacherB.token);
		expect(other.classes.map((c: { id: string }) => c.id)).toEqual([classOfB]);
		expect(other.classes[0]).toMatchObject({ students: 0, lessonsAssigned: 0, completions: 0 });
	});

	it("shows a school admin every class of the school", async () => {
		const body = await overviewAs(school.admin.token);
		expect(body.scope).toBe("school");
		expect(body.classes.map((c: { id: string }) => c.id).sort()).toEqual([classOfA, classOfB].sort());
		expect(body.classesTotal).toBe(2);
	});

	it("lists a lesson once, at its latest publish", async () => {
		const res = await request(t.app).post(`/v1/lessons/${lessonId}/versions/1.0.0/publish`).set(bearer(school.teacherA.token)).send({});
		expect(res.status).toBe(200);
		const body = await overviewAs(school.teacherB.token);
		expect(body.recentlyPublished.filter((lesson: { lessonId: string }) => lesson.lessonId === lessonId)).toEqual([expect.objectContaining({ lessonId, version: "1.0.0" })]);
	});

	it("gives the last real deployment per environment and names the environments whose last one failed", async () => {
		const failing = await environmentWithDeployments(school.admin.tenantId, "staging", [{ status: "succeeded" }, { status: "failed" }, { status: "succeeded", dryRun: true }]);
		const healthy = await environmentWithDeployments(school.admin.tenantId, "production", [{ status: "failed" }, { status: "succeeded" }]);
		const fresh = await environmentWithDeployments(school.admin.tenantId, "preview", []);
		const body = await overviewAs(school.teacherA.token);
		expect(body.deployments.map((e: { environmentName: string }) => e.environmentName)).toEqual(["preview", "production", "staging"]);
		const byId = new Map(body.deployments.map((e: { environmentId: string }) => [e.environmentId, e]));
		expect(byId.get(failing)).toMatchObject({ last: { status: "failed", kind: "deploy", releaseNumber: expect.any(Number) } });
		expect(byId.get(healthy)).toMatchObject({ last: { status: "succeeded" } });
		expect(byId.get(fresh)).toEqual({ environmentId: fresh, environmentName: "preview" });
		expect(body.attention.failedDeployments.map((e: { environmentId: string }) => e.environmentId)).toEqual([failing]);
	});

	it("tells an admin about invitations that expired lately unanswered, not about answered, resent or old ones", async () => {
		const expired = await invitation(school.admin.tenantId, "late.reply@birch.example", daysAgo(2));
		await invitation(school.admin.tenantId, "accepted@birch.example", daysAgo(3), { acceptedAt: daysAgo(4) });
		await invitation(school.admin.tenantId, "revoked@birch.example", daysAgo(3), { revokedAt: daysAgo(4) });
		await invitation(school.admin.tenantId, "long.ago@birch.example", daysAgo(45));
		await invitation(school.admin.tenantId, "resent@birch.example", daysAgo(5), { createdAt: daysAgo(12) });
		await invitation(school.admin.tenantId, "Resent@birch.example", daysAgo(-5), { createdAt: daysAgo(2) });
		await invitation(school.admin.tenantId, "still.open@birch.example", daysAgo(-3));
		await invitation(other.tenantId, "other.school@birch.example", daysAgo(1));
		const body = await overviewAs(school.admin.token);
		expect(body.attention.expiredInvitations).toEqual([{ id: expired, email: "late.reply@birch.example", role: "teacher", expiredAt: expect.any(String) }]);
	});

	it("counts the progress events not yet folded into the summaries, in the caller's scope", async () => {
		const key = await createKey(t, school.admin.token, ["progress:write"]);
		for (const student of [school.student.userId, secondStudent]) {
			await systemQuery(
				t,
				`INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, occurred_at, payload)
				 VALUES ($1, $2, $3, $4, $5, 'lesson_started', $6, now(), '{}'::jsonb)`,
				[school.admin.tenantId, randomUUID(), randomUUID(), key.id, student, lessonId],
			);
		}
		const outsider = await addPerson(t, school.admin.tenantId, ["student"], "In no class");
		await systemQuery(
			t,
			`INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, occurred_at, payload)
			 VALUES ($1, $2, $3, $4, $5, 'lesson_started', $6, now(), '{}'::jsonb)`,
			[school.admin.tenantId, randomUUID(), randomUUID(), key.id, outsider.userId, lessonId],
		);
		expect((await overviewAs(school.teacherA.token)).attention.pendingEvents).toBe(2);
		expect((await overviewAs(school.teacherB.token)).attention.pendingEvents).toBe(0);
		expect((await overviewAs(school.admin.token)).attention.pendingEvents).toBe(3);
	});

	it("shows another school nothing of this one", async () => {
		const body = await overviewAs(other.token);
		expect(body).toMatchObject({ scope: "school", classes: [], classesTotal: 0, recentlyPublished: [], deployments: [], attention: { failedDeployments: [], pendingEvents: 0 } });
		// Only its own expired invitation (seeded above), none of this school's.
		expect(body.attention.expiredInvitations.map((i: { email: string }) => i.email)).toEqual(["other.school@birch.example"]);
	});

	it("is for staff: a student is refused, and so is a caller with no session", async () => {
		expect((await request(t.app).get("/v1/overview").set(bearer(school.student.token))).status).toBe(403);
		expect((await request(t.app).get("/v1/overview")).status).toBe(401);
	});
});
