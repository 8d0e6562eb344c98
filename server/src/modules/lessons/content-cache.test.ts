/**
 * Game servers' content reads kept per school (content-cache.ts): two instances of the service on one database, as
 * production runs them. A poll that finds nothing changed reads no content table; a change made on one instance, or
 * by plain SQL, reaches the other within the database's commit notice (waited for, never timed); the instance that
 * made a change serves it on the very next poll; a lost listening connection falls back to asking the database.
 */
import pg from "pg";
import request from "supertest";
import { createTestDatabase, sqlDuring, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
import { runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";

let database: TestDatabase;
let a: TestApp;
let b: TestApp;
let school: RuntimeSchool;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, limitMs = 20_000): Promise<T> {
	const deadline = Date.now() + limitMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

beforeAll(async () => {
	database = await createTestDatabase("content_cache");
	a = await startTestApp({ database });
	b = await startTestApp({ database });
	school = await runtimeSchool(a, "Cedar Cache School");
	await until("both change feeds to listen", () => (a.infra.changes.live && b.infra.changes.live ? true : undefined));
});
afterAll(async () => {
	await a?.close();
	await b?.close();
	await database?.drop();
});

const poll = (t: TestApp, etag?: string) => {
	const test = request(t.app).get("/v1/runtime/lessons/active").set("X-Api-Key", school.key.secret);
	return etag === undefined ? test : test.set("If-None-Match", etag);
};
const lessonIds = (res: request.Response) => (res.body.items as Array<{ lessonId: string }>).map((item) => item.lessonId).sort();

async function assignNewLesson(t: TestApp, version: string): Promise<string> {
	const klass = await createClassAs(t, school.teacherB.token, { name: `Class for ${version}` });
	const lessonId = await seedLesson(t, school.teacherB.token, [version], version);
	await request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(school.teacherB.token)).send({ lessonId, version }).expect(201);
	return lessonId;
}

it("answers a poll with the current tag 304 without reading any content table, and the 200 body is the kept bytes", async () => {
	const first = await poll(b);
	expect(first.status).toBe(200);
	const etag = first.headers.etag as string;
	const again = await poll(b);
	expect(again.text).toBe(first.text);
	const sql = await sqlDuring(b, async () => {
		const notModified = await poll(b, etag);
		expect(notModified.status).toBe(304);
	});
	expect(sql.filter((text) => /class_assignments|lesson_versions|content_versions/.test(text))).toEqual([]);
});

it("a change on one instance reaches the other: its next polls answer the new content", async () => {
	const before = await poll(b);
	const etag = before.headers.etag as string;
	const lessonId = await assignNewLesson(a, "3.0.0");
	const changed = await until("instance B to serve the new assignment", async () => {
		const res = await poll(b, etag);
		return res.status === 200 ? res : undefined;
	});
	expect(changed.headers.etag).not.toBe(etag);
	expect(lessonIds(changed)).toContain(lessonId);
});

it("the instance that made a change serves it on the very next poll", async () => {
	const etag = (await poll(a)).headers.etag as string;
	expect((await poll(a, etag)).status).toBe(304);
	const lessonId = await assignNewLesson(a, "4.0.0");
	const next = await poll(a, etag);
	expect(next.status).toBe(200);
	expect(lessonIds(next)).toContain(lessonId);
});

it("a change made by plain SQL, outside the service, reaches both instances", async () => {
	const etags = [(await poll(a)).headers.etag as string, (await poll(b)).headers.etag as string];
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	try {
		await client.query("UPDATE classes SET archived_at = now() WHERE id = $1", [school.klass.id]);
	} finally {
		await client.end();
	}
	for (const [index, t] of [a, b].entries()) {
		const res = await until("the archived class's lesson to leave", async () => {
			const answer = await poll(t, etags[index]);
			return answer.status === 200 ? answer : undefined;
		});
		expect(lessonIds(res)).not.toContain(school.lessonId);
	}
});

it("when the listening connection is lost, a change is still served: the instance asks the database until it listens again", async () => {
	const etag = (await poll(b)).headers.etag as string;
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	try {
		await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'toolboxai-change-feed' AND datname = current_database()");
		await until("the instances to notice", () => (!a.infra.changes.live || !b.infra.changes.live ? true : undefined));
		const lessonId = await assignNewLesson(a, "5.0.0");
		const res = await until("instance B to serve the change", async () => {
			const answer = await poll(b, etag);
			return answer.status === 200 ? answer : undefined;
		});
		expect(lessonIds(res)).toContain(lessonId);
		await until("both change feeds to listen again", () => (a.infra.changes.live && b.infra.changes.live ? true : undefined));
		const settled = (await poll(b)).headers.etag as string;
		expect((await poll(b, settled)).status).toBe(304);
	} finally {
		await client.end();
	}
});
