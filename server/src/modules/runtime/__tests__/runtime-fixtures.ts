/**
 * Test helpers for the runtime routes: a school with a class (a published lesson assigned), a game server key with
 * every runtime scope, and students joined the way the game joins them.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import type { TestApp } from "../../../http/__tests__/harness";
import { createKey } from "../../tenancy/__tests__/tenancy-fixtures";
import { classSchool, createClassAs, seedLesson, type ClassSchool } from "../../classes/__tests__/class-fixtures";

export interface RuntimeSchool extends ClassSchool {
	readonly key: { id: string; secret: string };
	readonly klass: { id: string; joinCode: string };
	readonly lessonId: string;
}

export async function runtimeSchool(t: TestApp, name: string): Promise<RuntimeSchool> {
	const school = await classSchool(t, name);
	const key = await createKey(t, school.admin.token, ["runtime:read", "classes:join", "progress:write"]);
	const klass = await createClassAs(t, school.teacherA.token, { name: `${name} class` });
	const lessonId = await seedLesson(t, school.teacherA.token, ["1.0.0"], "1.0.0");
	const assigned = await request(t.app)
		.post(`/v1/classes/${klass.id}/assignments`)
		.set({ Authorization: `Bearer ${school.teacherA.token}` })
		.send({ lessonId, version: "1.0.0" });
	if (assigned.status !== 201) throw new Error(`assignLesson answered ${assigned.status}`);
	return { ...school, key, klass: { id: klass.id, joinCode: klass.joinCode }, lessonId };
}

export function joinAs(t: TestApp, secret: string, body: Record<string, unknown>): request.Test {
	return request(t.app).post("/v1/runtime/classes/join").set("X-Api-Key", secret).send(body);
}

export async function joinStudent(t: TestApp, school: RuntimeSchool, robloxUserId: number, displayName = `Player${robloxUserId}`): Promise<string> {
	const res = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId, displayName });
	if (res.status !== 200) throw new Error(`join answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body.studentUserId;
}

export function sendBatch(t: TestApp, secret: string, events: unknown[], batchId: string = randomUUID()): request.Test {
	return request(t.app).post("/v1/runtime/progress/batches").set("X-Api-Key", secret).send({ batchId, events });
}

const at = "2026-11-25T13:09:16.123Z";

export const event = {
	started: (robloxUserId: number, lessonId: string, eventId: string = randomUUID()) => ({ kind: "lesson_started", eventId, robloxUserId, lessonId, occurredAt: at }),
	step: (robloxUserId: number, lessonId: string, stepId: string, durationMs: number, eventId: string = randomUUID()) => ({
		kind: "step_completed",
		eventId,
		robloxUserId,
		lessonId,
		stepId,
		durationMs,
		occurredAt: at,
	}),
	answer: (robloxUserId: number, lessonId: string, stepId: string, correct: boolean, points: number, eventId: string = randomUUID()) => ({
		kind: "answer_submitted",
		eventId,
		robloxUserId,
		lessonId,
		stepId,
		answer: { correct, points },
		occurredAt: at,
	}),
};
