/**
 * One bad event never fails a progress batch: whether the contract refuses it, the school does not know its student,
 * or Postgres itself refuses its data, the other 499 are stored and the one comes back by index with its reason.
 */
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;
const ALICE = 8001;
const FOREIGN = 8002;
const POISON_AT = 250;

beforeAll(async () => {
	database = await createTestDatabase("progress_poison");
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Poison Progress School");
	other = await runtimeSchool(t, "Other Poison School");
	await joinStudent(t, school, ALICE);
	await joinStudent(t, other, FOREIGN);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function storedCount(eventIds: string[]): Promise<number> {
	const [row] = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM progress_events WHERE event_id = ANY($1::uuid[])", [eventIds]);
	return row?.n ?? 0;
}

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
		expect(await storedCount(good)).toBe(499);
		expect(await storedCount([events[POISON_AT]?.eventId as string])).toBe(0);
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
			expect(await storedCount(events.map((e) => e.eventId as string))).toBe(499);
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
			expect(await storedCount(events.map((e) => e.eventId as string))).toBe(0);
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
