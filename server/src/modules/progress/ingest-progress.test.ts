import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { QueryTypes } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { createKey, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import request from "supertest";
import { createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { event, joinAs, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;
const ALICE = 7001;
const BOB = 7002;
const FOREIGN = 7003;
/** Where the poisoned event sits among 499 good ones. */
const POISON_AT = 250;

beforeAll(async () => {
	database = await createTestDatabase("runtime_ingest");
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Maple Progress School");
	other = await runtimeSchool(t, "Other Progress School");
	await joinStudent(t, school, ALICE);
	await joinStudent(t, school, BOB);
	await joinStudent(t, other, FOREIGN);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const stored = async (eventIds: string[]) =>
	(await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM progress_events WHERE event_id = ANY($1::uuid[])", [eventIds]))[0]?.n;

describe("POST /v1/runtime/progress/batches", () => {
	it("stores every event once with the school and the key; the same batch again is all duplicates", async () => {
		const events = [event.started(ALICE, school.lessonId), event.step(ALICE, school.lessonId, "intro", 1200), event.answer(BOB, school.lessonId, "q1", true, 10)];
		const batchId = randomUUID();
		const first = await sendBatch(t, school.key.secret, events, batchId);
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ batchId, accepted: 3, duplicates: 0, rejected: [] });
		const again = await sendBatch(t, school.key.secret, events, batchId);
		expect(again.body).toEqual({ batchId, accepted: 0, duplicates: 3, rejected: [] });
		const rows = await systemQuery<{ tenant_id: string; api_key_id: string; batch_id: string; kind: string; points: number | null }>(
			t,
			"SELECT tenant_id, api_key_id, batch_id, kind, points FROM progress_events WHERE event_id = ANY($1::uuid[]) ORDER BY occurred_at, kind",
			[events.map((e) => e.eventId)],
		);
		expect(rows).toHaveLength(3);
		for (const row of rows) expect(row).toMatchObject({ tenant_id: school.admin.tenantId, api_key_id: school.key.id, batch_id: batchId });
		expect(rows.find((r) => r.kind === "answer_submitted")?.points).toBe(10);
	});

	it("overlapping batches (and a repeat inside one batch) count each event once", async () => {
		const [e1, e2, e3] = [
			event.answer(ALICE, school.lessonId, "q2", false, 0),
			event.answer(ALICE, school.lessonId, "q2", true, 5),
			event.answer(ALICE, school.lessonId, "q2", true, 5),
		];
		expect((await sendBatch(t, school.key.secret, [e1, e2])).body).toMatchObject({ accepted: 2, duplicates: 0 });
		expect((await sendBatch(t, school.key.secret, [e2, e3])).body).toMatchObject({ accepted: 1, duplicates: 1 });
		const e4 = event.started(BOB, school.lessonId);
		expect((await sendBatch(t, school.key.secret, [e4, e4])).body).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] });
		expect(await stored([e1, e2, e3, e4].map((e) => e.eventId))).toBe(4);
	});

	it("concurrent retries of one batch store each event once", async () => {
		const events = Array.from({ length: 50 }, (_, i) => event.answer(BOB, school.lessonId, `race-${i % 5}`, i % 2 === 0, 1));
		const batchId = randomUUID();
		const answers = await Promise.all([1, 2, 3, 4].map(() => sendBatch(t, school.key.secret, events, batchId)));
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
		expect(answers.reduce((sum, a) => sum + (a.body.accepted as number), 0)).toBe(50);
		expect(answers.reduce((sum, a) => sum + (a.body.duplicates as number), 0)).toBe(150);
		expect(await stored(events.map((e) => e.eventId))).toBe(50);
	});

	it("reports invalid events by index and keeps the valid ones", async () => {
		const good = [event.started(ALICE, school.lessonId), event.answer(ALICE, school.lessonId, "q3", true, 3)];
		const events = [
			good[0],
			{ ...event.answer(ALICE, school.lessonId, "q3", true, 3), answer: { correct: "yes", points: 3 } },
			{ ...event.started(ALICE, school.lessonId), robloxUserId: "7001" },
			good[1],
			{ ...event.started(ALICE, school.lessonId), kind: "lesson_exploded" },
			{ ...event.started(ALICE, school.lessonId), extra: { nested: { deep: true } } },
			{ ...event.started(ALICE, school.lessonId), eventId: "not-a-uuid" },
			"just a string",
		];
		const res = await sendBatch(t, school.key.secret, events);
		expect(res.status).toBe(200);
		expect(res.body.accepted).toBe(2);
		expect(res.body.duplicates).toBe(0);
		expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4, 5, 6, 7]);
		const issueAt = (index: number) => res.body.rejected.find((r: { index: number }) => r.index === index).issues;
		expect(issueAt(1)).toEqual([expect.objectContaining({ path: "/events/1/answer/correct", code: "invalid_type" })]);
		expect(issueAt(2)).toEqual([expect.objectContaining({ path: "/events/2/robloxUserId" })]);
		expect(issueAt(5)).toEqual([expect.objectContaining({ path: "/events/5/extra", code: "unknown_key" })]);
		expect(issueAt(6)).toEqual([expect.objectContaining({ path: "/events/6/eventId" })]);
		expect(await stored(good.map((e) => e.eventId))).toBe(2);
		expect(await stored([(events[6] as { eventId: string }).eventId].filter((id) => /^[0-9a-f-]{36}$/.test(id)))).toBe(0);
	});

	it("rejects events of a Roblox user who is no student of the school (unknown, or another school's) and of another school's lesson", async () => {
		const unknown = event.started(999999, school.lessonId);
		const foreignStudent = event.started(FOREIGN, school.lessonId);
		const foreignLesson = event.started(ALICE, other.lessonId);
		const fine = event.started(ALICE, school.lessonId);
		const res = await sendBatch(t, school.key.secret, [unknown, foreignStudent, foreignLesson, fine]);
		expect(res.body).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(res.body.rejected).toEqual([
			{ index: 0, issues: [expect.objectContaining({ path: "/events/0/robloxUserId", code: "unknown_student" })] },
			{ index: 1, issues: [expect.objectContaining({ path: "/events/1/robloxUserId", code: "unknown_student" })] },
			{ index: 2, issues: [expect.objectContaining({ path: "/events/2/lessonId", code: "unknown_lesson" })] },
		]);
		expect(await stored([unknown, foreignStudent, foreignLesson].map((e) => e.eventId))).toBe(0);
	});

	it("refuses a malformed envelope as a whole (422): no batch id, no events, over 500 events", async () => {
		expect((await sendBatch(t, school.key.secret, [event.started(ALICE, school.lessonId)], "nope")).status).toBe(422);
		expect((await sendBatch(t, school.key.secret, [])).status).toBe(422);
		const many = Array.from({ length: 501 }, () => event.started(ALICE, school.lessonId));
		const res = await sendBatch(t, school.key.secret, many);
		expect(res.status).toBe(422);
		expect(await stored(many.map((e) => e.eventId))).toBe(0);
	});

	it("needs the progress:write scope (403), and another school's key cannot write this school's students", async () => {
		const reader = await createKey(t, school.admin.token, ["runtime:read", "classes:join"]);
		const e = event.started(ALICE, school.lessonId);
		expect((await sendBatch(t, reader.secret, [e])).status).toBe(403);
		const foreign = await sendBatch(t, other.key.secret, [e]);
		expect(foreign.body).toMatchObject({ accepted: 0, duplicates: 0, rejected: [expect.objectContaining({ index: 0 })] });
		expect(await stored([e.eventId])).toBe(0);
	});

	it("event ids are per school: the same id in another school is its own event, not a duplicate", async () => {
		const eventId = randomUUID();
		expect((await sendBatch(t, school.key.secret, [event.started(ALICE, school.lessonId, eventId)])).body.accepted).toBe(1);
		expect((await sendBatch(t, other.key.secret, [event.started(FOREIGN, other.lessonId, eventId)])).body).toMatchObject({ accepted: 1, duplicates: 0 });
		// Row-level security: each school's scope sees only its own row.
		const seen = await withTenant(t.infra.db, other.admin.tenantId, (transaction) =>
			t.infra.db.query<{ tenant_id: string }>("SELECT tenant_id FROM progress_events WHERE event_id = $1", { bind: [eventId], type: QueryTypes.SELECT, transaction }),
		);
		expect(seen).toEqual([{ tenant_id: other.admin.tenantId }]);
	});
});

/** 499 good events of one student, with `poisoned` at index 250. */
function batchWith(poisoned: Record<string, unknown>): Array<Record<string, unknown>> {
	const events: Array<Record<string, unknown>> = Array.from({ length: 499 }, (_, i) => event.step(ALICE, school.lessonId, `step-${i}`, 1000 + i));
	events.splice(POISON_AT, 0, poisoned);
	return events;
}

/** SQL as the database owner: a trigger that refuses some rows the way Postgres refuses data it cannot hold. */
async function asOwner(sql: string): Promise<void> {
	const client = new Client({ connectionString: database.url });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

describe("499 valid events and 1 poisoned: 499 stored, the one rejected with its reason", () => {
	it.each<[string, () => Record<string, unknown>, string, string]>([
		["a NUL in the stepId", () => event.step(ALICE, school.lessonId, "step\u0000x", 10), `/events/${POISON_AT}/stepId`, "control_character"],
		["a NUL in the lessonId", () => event.started(ALICE, `${school.lessonId}\u0000`), `/events/${POISON_AT}/lessonId`, "control_character"],
		[
			"a NUL in a choice id",
			() => ({ ...event.answer(ALICE, school.lessonId, "q1", true, 1), answer: { correct: true, points: 1, choiceIds: ["a\u0000"] } }),
			`/events/${POISON_AT}/answer/choiceIds/0`,
			"control_character",
		],
		["a date in year 0000", () => ({ ...event.started(ALICE, school.lessonId), occurredAt: "0000-01-01T00:00:00Z" }), `/events/${POISON_AT}/occurredAt`, "too_early"],
		["a date years ahead", () => ({ ...event.started(ALICE, school.lessonId), occurredAt: "9999-12-31T23:59:59Z" }), `/events/${POISON_AT}/occurredAt`, "too_late"],
		["an unknown kind", () => ({ ...event.started(ALICE, school.lessonId), kind: "lesson_exploded" }), `/events/${POISON_AT}/kind`, "invalid_value"],
		["another school's student", () => event.started(FOREIGN, school.lessonId), `/events/${POISON_AT}/robloxUserId`, "unknown_student"],
	])("%s", async (_label, poison, path, code) => {
		const events = batchWith(poison());
		const res = await sendBatch(t, school.key.secret, events);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ accepted: 499, duplicates: 0 });
		expect(res.body.rejected).toEqual([{ index: POISON_AT, issues: [expect.objectContaining({ path, code })] }]);
		const good = events.filter((_, i) => i !== POISON_AT).map((e) => e.eventId as string);
		expect(await stored(good)).toBe(499);
		expect(await stored([events[POISON_AT]?.eventId as string])).toBe(0);
	});

	it("an event Postgres refuses though the contract accepts it: the batch is stored again without it", async () => {
		await asOwner(`CREATE FUNCTION refuse_poison_step() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.step_id = 'poison' THEN RAISE EXCEPTION 'value out of range' USING ERRCODE = '22003'; END IF; RETURN NEW; END $$;
			CREATE TRIGGER refuse_poison_step BEFORE INSERT ON progress_events FOR EACH ROW EXECUTE FUNCTION refuse_poison_step()`);
		try {
			const events = batchWith(event.step(ALICE, school.lessonId, "poison", 5));
			const res = await sendBatch(t, school.key.secret, events);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ accepted: 499, duplicates: 0 });
			expect(res.body.rejected).toEqual([{ index: POISON_AT, issues: [expect.objectContaining({ path: `/events/${POISON_AT}`, code: "not_storable" })] }]);
			expect(JSON.stringify(res.body)).not.toMatch(/out of range|22003|progress_events/);
			expect(await stored(events.map((e) => e.eventId as string))).toBe(499);
			expect(t.logs.some((line) => line.msg?.startsWith("progress event refused by the database") && line.sqlState === "22003" && line.index === POISON_AT)).toBe(true);
		} finally {
			await asOwner("DROP TRIGGER refuse_poison_step ON progress_events; DROP FUNCTION refuse_poison_step()");
		}
	});

	it("a failure that is not about the data (here a serialization failure) fails the batch, so the game server retries it", async () => {
		await asOwner(`CREATE FUNCTION fail_transient() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.step_id = 'transient' THEN RAISE EXCEPTION 'could not serialize' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$;
			CREATE TRIGGER fail_transient BEFORE INSERT ON progress_events FOR EACH ROW EXECUTE FUNCTION fail_transient()`);
		try {
			const events = batchWith(event.step(ALICE, school.lessonId, "transient", 5));
			const res = await sendBatch(t, school.key.secret, events);
			expect(res.status).toBe(500);
			expect(await stored(events.map((e) => e.eventId as string))).toBe(0);
		} finally {
			await asOwner("DROP TRIGGER fail_transient ON progress_events; DROP FUNCTION fail_transient()");
		}
	});
});

describe("dates Postgres could not read as sent", () => {
	it("an offset beyond ±15:59 (RFC 3339 allows up to 23:59) is stored as its instant", async () => {
		const e = { ...event.started(ALICE, school.lessonId), eventId: randomUUID(), occurredAt: "2026-11-25T13:09:16.5+23:30" };
		const res = await sendBatch(t, school.key.secret, [e]);
		expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
		const [row] = await systemQuery<{ at: string; sent: string }>(
			t,
			"SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') AS at, payload->>'occurredAt' AS sent FROM progress_events WHERE event_id = $1",
			[e.eventId],
		);
		expect(row).toEqual({ at: "2026-11-24T13:39:16.500", sent: "2026-11-25T13:09:16.5+23:30" });
	});
});

describe("the class and lesson version an event counts for", () => {
	const CAROL = 7010;
	const DAN = 7011;
	let second: { id: string; joinCode: string };
	let secondLesson: string;

	beforeAll(async () => {
		// A second class with its own lesson; Carol is in both classes, Dan only in the second.
		second = await createClassAs(t, school.teacherB.token, { name: "Second progress class" });
		secondLesson = await seedLesson(t, school.teacherB.token, ["1.0.0", "2.0.0"], "2.0.0");
		await request(t.app).post(`/v1/classes/${second.id}/assignments`).set(bearer(school.teacherB.token)).send({ lessonId: secondLesson, version: "2.0.0" }).expect(201);
		await joinStudent(t, school, CAROL);
		for (const robloxUserId of [CAROL, DAN]) {
			const res = await joinAs(t, school.key.secret, { joinCode: second.joinCode, robloxUserId, displayName: `Player${robloxUserId}` });
			expect(res.status).toBe(200);
		}
	});

	const attribution = async (eventId: string) =>
		(await systemQuery<{ class_id: string | null; lesson_version: string | null }>(t, "SELECT class_id, lesson_version FROM progress_events WHERE event_id = $1", [eventId]))[0];

	it("an event naming its class and version is stored under them", async () => {
		const named = { ...event.started(CAROL, secondLesson), classId: second.id.toUpperCase(), version: "1.0.0" };
		const res = await sendBatch(t, school.key.secret, [named]);
		expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
		expect(await attribution(named.eventId)).toEqual({ class_id: second.id, lesson_version: "1.0.0" });
	});

	it("an event of an older game build (no class, no version) counts for the student's class that has the lesson, at its assigned version", async () => {
		const first = event.started(CAROL, school.lessonId);
		const other = event.started(CAROL, secondLesson);
		const dans = event.started(DAN, secondLesson);
		expect((await sendBatch(t, school.key.secret, [first, other, dans])).body).toMatchObject({ accepted: 3, rejected: [] });
		expect(await attribution(first.eventId)).toEqual({ class_id: school.klass.id, lesson_version: "1.0.0" });
		expect(await attribution(other.eventId)).toEqual({ class_id: second.id, lesson_version: "2.0.0" });
		expect(await attribution(dans.eventId)).toEqual({ class_id: second.id, lesson_version: "2.0.0" });
	});

	it("a class the student is not in is not taken from the event: the student's own class with the lesson is", async () => {
		const wrong = { ...event.started(DAN, secondLesson), classId: school.klass.id };
		expect((await sendBatch(t, school.key.secret, [wrong])).body).toMatchObject({ accepted: 1, rejected: [] });
		expect(await attribution(wrong.eventId)).toEqual({ class_id: second.id, lesson_version: "2.0.0" });
	});

	it("a lesson none of the student's classes has is stored for the student with no class", async () => {
		const unassigned = event.started(DAN, school.lessonId);
		expect((await sendBatch(t, school.key.secret, [unassigned])).body).toMatchObject({ accepted: 1, rejected: [] });
		expect(await attribution(unassigned.eventId)).toEqual({ class_id: null, lesson_version: null });
	});

	it("a classId that is not a uuid, or a version that is not SemVer, is rejected by index", async () => {
		const res = await sendBatch(t, school.key.secret, [
			{ ...event.started(DAN, secondLesson), classId: "period-3" },
			{ ...event.started(DAN, secondLesson), version: "v2" },
		]);
		expect(res.body.accepted).toBe(0);
		expect(res.body.rejected.map((r: { index: number; issues: Array<{ path: string }> }) => [r.index, r.issues[0]?.path])).toEqual([
			[0, "/events/0/classId"],
			[1, "/events/1/version"],
		]);
	});
});
