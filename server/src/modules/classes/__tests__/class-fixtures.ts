/**
 * Test helpers for classes: a school with two teachers, a student and its admin; students put on a roster the
 * way joining from the game will (a class_members row); lessons made through the lesson routes.
 */
import request from "supertest";
import { withTenant } from "../../../db/tenant-scope";
import type { TestApp } from "../../../http/__tests__/harness";
import { addPerson, bearer, signupSchool, type Person, type SchoolAdmin } from "../../tenancy/__tests__/tenancy-fixtures";

export interface ClassSchool {
	readonly admin: SchoolAdmin;
	readonly teacherA: Person;
	readonly teacherB: Person;
	readonly student: Person;
}

export async function classSchool(t: TestApp, name: string): Promise<ClassSchool> {
	const admin = await signupSchool(t, name);
	return {
		admin,
		teacherA: await addPerson(t, admin.tenantId, ["teacher"], "Teacher A"),
		teacherB: await addPerson(t, admin.tenantId, ["teacher"], "Teacher B"),
		student: await addPerson(t, admin.tenantId, ["student"], "Student"),
	};
}

export async function createClassAs(
	t: TestApp,
	token: string,
	body: Record<string, unknown> = { name: "Period 3 Fractions" },
): Promise<{ id: string; joinCode: string; [key: string]: unknown }> {
	const res = await request(t.app).post("/v1/classes").set(bearer(token)).send(body);
	if (res.status !== 201) throw new Error(`createClass answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body;
}

export async function enrol(t: TestApp, tenantId: string, classId: string, userId: string, robloxUserId?: number): Promise<void> {
	const db = t.infra.db;
	await withTenant(db, tenantId, async (transaction) => {
		if (robloxUserId !== undefined) await db.query("UPDATE users SET roblox_user_id = $2 WHERE id = $1", { bind: [userId, robloxUserId], transaction });
		await db.query("INSERT INTO class_members (tenant_id, class_id, user_id) VALUES ($1, $2, $3)", { bind: [tenantId, classId, userId], transaction });
	});
}

/** A lesson through the lesson routes with the given versions; `published` (one of them) is then published. */
export async function seedLesson(t: TestApp, token: string, versions: string[], published?: string): Promise<string> {
	const lesson = await request(t.app).post("/v1/lessons").set(bearer(token)).send({ title: "Fractions on a number line", subject: "math", gradeBand: "3-5", objectives: [] });
	if (lesson.status !== 201) throw new Error(`createLesson answered ${lesson.status}: ${JSON.stringify(lesson.body)}`);
	for (const [index, version] of versions.entries()) {
		const content = { schemaVersion: 1, title: "Fractions on a number line", steps: [{ kind: "instruction", id: "intro", text: `Step text ${index}` }] };
		const res = await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions`).set(bearer(token)).send({ version, content });
		if (res.status !== 201) throw new Error(`createVersion answered ${res.status}: ${JSON.stringify(res.body)}`);
	}
	if (published !== undefined) {
		const res = await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions/${published}/publish`).set(bearer(token)).send({});
		if (res.status !== 200) throw new Error(`publish answered ${res.status}: ${JSON.stringify(res.body)}`);
	}
	return lesson.body.id;
}
