import type { Config } from "../../config/config";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { withSystem } from "../../db/tenant-scope";
import type { Infrastructure } from "../../infrastructure.types";
import { addPerson, bearer, createKey, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import request from "supertest";
import { downloadArchive, readZip, waitForRequest } from "./__tests__/privacy-fixtures";

const EVENTS = 100_000;
let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let small: SchoolAdmin;
let storeAttempts = 0;

/**
 * Storage that refuses the first archive, as a full disk or Supabase being down would: the runner must resume.
 * A proxy, so the storage stays what it is (the local driver serves its signed links only as itself).
 */
function failingOnce(infra: Infrastructure, _config: Config): Infrastructure {
	const storage = new Proxy(infra.storage, {
		get(target, property, receiver) {
			if (property !== "putFile") return Reflect.get(target, property, receiver);
			return async (...args: Parameters<Infrastructure["storage"]["putFile"]>) => {
				storeAttempts += 1;
				if (storeAttempts === 1) throw new Error("storage refused the first upload");
				return target.putFile(...args);
			};
		},
	});
	return { ...infra, storage };
}

beforeAll(async () => {
	database = await createTestDatabase("privacy_export_scale");
	t = await startTestApp({ database, wrapInfra: failingOnce });
	small = await signupSchool(t, "Small Export School");
	school = await signupSchool(t, "Large Export Academy");
	const key = await createKey(t, school.token, ["progress:write"]);
	const student = await addPerson(t, school.tenantId, ["student"], "Busy Student");
	await withSystem(t.infra.db, (transaction) =>
		t.infra.db.query(
			`INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, step_id, correct, points, occurred_at, payload)
			 SELECT $1, gen_random_uuid(), gen_random_uuid(), $2, $3, 'answer_submitted', 'lesson-1', 'q' || (g % 20), g % 2 = 0, 10,
				timestamptz '2026-11-01T00:00:00Z' + g * interval '1 second', jsonb_build_object('answer', jsonb_build_object('correct', g % 2 = 0, 'points', 10))
			 FROM generate_series(1, $4::int) g`,
			{ bind: [school.tenantId, key.id, student.userId, EVENTS], transaction },
		),
	);
	await t.infra.queue.start();
}, 120_000);
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const exportSchool = (admin: SchoolAdmin) =>
	request(t.app)
		.post("/v1/privacy/requests")
		.set(bearer(admin.token))
		.send({ kind: "access", subject: { kind: "school" }, identityCheck: { method: "signed_in_account" } });

describe("whole-school export", () => {
	it("resumes at the step that failed (storage refused once) and never repeats a step that is done", async () => {
		const created = await exportSchool(small);
		expect(created.status).toBe(201);
		const done = await waitForRequest(t, small.token, created.body.id, "completed", 120_000);
		expect(storeAttempts).toBe(2);
		expect(done.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
			["build-archive", "done", 2],
			["notify-requester", "done", 1],
		]);
	}, 180_000);

	it(`streams ${EVENTS} progress events into the archive`, async () => {
		const created = await exportSchool(school);
		expect(created.status).toBe(201);
		const done = await waitForRequest(t, school.token, created.body.id, "completed", 240_000);
		expect(done.proof?.steps[0]?.outcome).toMatchObject({ rows: { "progress-events/progress-events": EVENTS, "answers/answers": EVENTS } });
		const lines = await readZip(await downloadArchive(t, school.token, done.id), (text) => text.split("\n").filter((line) => line !== "").length);
		// A header line and one line per event; the JSON array has one object per line between its brackets.
		expect(lines.get("progress-events/progress-events.csv")).toBe(EVENTS + 1);
		expect(lines.get("progress-events/progress-events.json")).toBe(EVENTS + 2);
		expect(lines.get("answers/answers.csv")).toBe(EVENTS + 1);
	}, 300_000);
});
