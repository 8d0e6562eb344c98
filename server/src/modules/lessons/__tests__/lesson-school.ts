import request from "supertest";
import type { TestApp } from "../../../http/__tests__/harness";
import { addPerson, bearer, signupSchool, type Person, type SchoolAdmin } from "../../tenancy/__tests__/tenancy-fixtures";

export interface LessonSchool {
	readonly admin: SchoolAdmin;
	readonly teacher: Person;
	readonly otherTeacher: Person;
	readonly student: Person;
}

/** A school with an admin, two teachers and a student, each signed in. */
export async function lessonSchool(t: TestApp, name: string): Promise<LessonSchool> {
	const admin = await signupSchool(t, name);
	return {
		admin,
		teacher: await addPerson(t, admin.tenantId, ["teacher"], `${name} teacher`),
		otherTeacher: await addPerson(t, admin.tenantId, ["teacher"], `${name} other teacher`),
		student: await addPerson(t, admin.tenantId, ["student"], `${name} student`),
	};
}

/** A lesson through POST /v1/lessons. */
export async function createLessonAs(
	t: TestApp,
	token: string,
	fields: Partial<{ title: string; subject: string; gradeBand: string; objectives: string[] }> = {},
): Promise<{ id: string }> {
	const res = await request(t.app)
		.post("/v1/lessons")
		.set(bearer(token))
		.send({ title: "Fractions", subject: "math", gradeBand: "3-5", objectives: ["Compare fractions"], ...fields });
	if (res.status !== 201) throw new Error(`createLesson answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body;
}
