import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { addPerson, bearer, signupSchool, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { recordAudit } from "./record-audit";

interface Event {
	readonly id: string;
	readonly action: string;
	readonly sentence: string;
	readonly actorName?: string;
	readonly targetName?: string;
	readonly createdAt: string;
}

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let ana: Person;
let bo: Person;
let sam: Person;
let classId: string;
let otherClassId: string;
let keyJoin: string;
let beforeRemoval: string;

async function events(query: Record<string, string | number> = {}, token = ana.token): Promise<Event[]> {
	const res = await request(t.app)
		.get("/v1/audit-events")
		.query({ limit: 200, ...query })
		.set(bearer(token));
	expect(res.status).toBe(200);
	return res.body.items;
}

beforeAll(async () => {
	database = await createTestDatabase("audit_names");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Named School");
	const other = await signupSchool(t, "Secret Other School");
	ana = await addPerson(t, school.tenantId, ["tenant_admin"], "Ana Lopez");
	bo = await addPerson(t, school.tenantId, ["teacher"], "Bo Park");
	sam = await addPerson(t, school.tenantId, ["student"], "Sam Lee");
	classId = (await request(t.app).post("/v1/classes").set(bearer(ana.token)).send({ name: "Period 3" })).body.id;
	otherClassId = (await request(t.app).post("/v1/classes").set(bearer(other.token)).send({ name: "Other school's class" })).body.id;
	const key = await request(t.app)
		.post("/v1/api-keys")
		.set(bearer(ana.token))
		.send({ name: "Lab key", scopes: ["runtime:read", "classes:join"] });
	expect(key.status).toBe(201);
	// What a game server's join records, by a key revoked since: the key keeps its name.
	keyJoin = (
		await recordAudit(t.infra.db, {
			action: "class.student_joined",
			tenantId: school.tenantId,
			actorApiKeyId: key.body.apiKey.id,
			targetType: "class",
			targetId: classId,
			details: { studentUserId: sam.userId },
		})
	).id;
	expect((await request(t.app).delete(`/v1/api-keys/${key.body.apiKey.id}`).set(bearer(ana.token))).status).toBeLessThan(300);
	await recordAudit(t.infra.db, { action: "auth.login", tenantId: school.tenantId, actorUserId: bo.userId, targetType: "user", targetId: bo.userId });
	// Naming never crosses schools: another school's class as a target reads as gone.
	await recordAudit(t.infra.db, { action: "class.archived", tenantId: school.tenantId, actorUserId: ana.userId, targetType: "class", targetId: otherClassId });
	// The boundary from Postgres's own clock, to the microsecond: Node's milliseconds could fall just before the
	// event above was stamped.
	const [boundary] = await t.infra.db.query<{ at: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`, {
		type: QueryTypes.SELECT,
	});
	beforeRemoval = boundary?.at ?? "";
	expect((await request(t.app).delete(`/v1/members/${bo.userId}`).set(bearer(ana.token))).status).toBe(200);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("audit names", () => {
	it("writes each event as a sentence with names: people, a game server's key (revoked since), a removed person", async () => {
		const all = await events();
		const sentences = all.map((e) => e.sentence);
		expect(sentences).toContain("Ana Lopez created the class Period 3.");
		expect(sentences).toContain("Ana Lopez created the API key ‘Lab key’ (classes:join, runtime:read).");
		expect(sentences).toContain("Ana Lopez revoked the API key ‘Lab key’.");
		expect(all.find((e) => e.id === keyJoin)).toMatchObject({
			sentence: "Sam Lee joined Period 3 through a game server using key ‘Lab key’.",
			actorName: "a game server using key ‘Lab key’",
			targetName: "Period 3",
		});
		// Bo was removed: his sign-in and his removal name nobody who left.
		expect(sentences).toContain("A former member signed in.");
		expect(sentences).toContain("Ana Lopez removed a former member from the school.");
		expect(sentences).toContain("Ana Lopez archived a class since deleted.");
		expect(sentences.join(" ")).not.toContain("Other school");
		for (const e of all) expect({ sentence: e.sentence, ids: e.sentence.split(/[\s,()‘’.]+/).filter(isUuid) }).toEqual({ sentence: e.sentence, ids: [] });
	});

	it("filters by who (part of a name, any case), what and when, and pages with the same filters", async () => {
		const byAna = await events({ who: "LOPEZ" });
		expect(byAna.length).toBeGreaterThanOrEqual(4);
		expect(new Set(byAna.map((e) => e.actorName))).toEqual(new Set(["Ana Lopez"]));
		expect((await events({ who: "lab key" })).map((e) => e.id)).toEqual([keyJoin]);
		expect(await events({ who: "%" })).toEqual([]);

		const created = await events({ action: "class.created" });
		expect(created.map((e) => e.sentence)).toEqual(["Ana Lopez created the class Period 3."]);

		const afterwards = await events({ from: beforeRemoval });
		expect(afterwards.map((e) => e.action)).toEqual(["member.removed"]);
		const earlier = await events({ to: beforeRemoval, action: "member.removed" });
		expect(earlier).toEqual([]);

		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const res = await request(t.app)
				.get("/v1/audit-events")
				.query({ who: "ana", limit: 1, ...(cursor === undefined ? {} : { cursor }) })
				.set(bearer(ana.token));
			seen.push(...res.body.items.map((e: Event) => e.id));
			cursor = res.body.nextCursor;
		} while (cursor !== undefined);
		expect(seen).toEqual(byAna.map((e) => e.id));
	});

	it("answers 400 in plain words for a filter it cannot read", async () => {
		for (const query of [{ action: "made.up" }, { from: "yesterday" }, { to: "2026-13-01T00:00:00Z" }, { who: "x".repeat(81) }]) {
			const res = await request(t.app).get("/v1/audit-events").query(query).set(bearer(ana.token));
			expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: "bad_request" });
		}
		// Instants beyond what Postgres stores still read as "from the beginning" / "until the end".
		expect((await events({ from: "0000-01-01T00:00:00Z", to: "9999-12-31T23:59:59Z", action: "class.created" })).length).toBe(1);
	});
});
