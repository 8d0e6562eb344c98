import { readFileSync } from "node:fs";
import path from "node:path";
import type { PrivacyRequest } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { assignQuizLesson, waitForAggregation } from "../progress/__tests__/progress-fixtures";
import { auditActions, bearer, systemQuery, waitForMail } from "../tenancy/__tests__/tenancy-fixtures";
import { downloadArchive, readZip, waitForRequest } from "./__tests__/privacy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let quiz: string;
const SUBJECT = { robloxUserId: 7101, name: "Subject Sam" };
const OTHER = { robloxUserId: 7102, name: "Other Olive" };
let subjectId: string;
let otherId: string;

const DAY = 24 * 3600 * 1000;
const admin = () => bearer(school.admin.token);
const create = (body: Record<string, unknown>, token = school.admin.token) => request(t.app).post("/v1/privacy/requests").set(bearer(token)).send(body);
const checked = { method: "school_records", note: "Known to the class teacher." };

beforeAll(async () => {
	database = await createTestDatabase("privacy_requests");
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Privacy Grove School");
	quiz = await assignQuizLesson(t, school.teacherA.token, school.klass.id);
	subjectId = await joinStudent(t, school, SUBJECT.robloxUserId, SUBJECT.name);
	otherId = await joinStudent(t, school, OTHER.robloxUserId, OTHER.name);
	const batch = [SUBJECT.robloxUserId, OTHER.robloxUserId].flatMap((player) => [
		event.started(player, quiz),
		event.answer(player, quiz, "q1", true, 10),
		event.answer(player, quiz, "q2", false, 0),
		event.step(player, quiz, "q1", 1500),
	]);
	expect((await sendBatch(t, school.key.secret, batch)).body).toMatchObject({ accepted: 8, rejected: [] });
	await t.infra.queue.start();
	await waitForAggregation(t, school.admin.tenantId);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("data requests as records", () => {
	it.each([
		["access", { kind: "student", robloxUserId: SUBJECT.robloxUserId }, 2],
		["access", { kind: "staff", userId: "teacherA" }, 2],
		["access", { kind: "school" }, 2],
		["restriction", { kind: "student", userId: "other" }, 1],
		["erasure", { kind: "student", robloxUserId: SUBJECT.robloxUserId }, 0],
		["erasure", { kind: "staff", userId: "teacherB" }, 0],
		["erasure", { kind: "school" }, 0],
		["rectification", { kind: "student", userId: "subject" }, 0],
		["rectification", { kind: "staff", userId: "teacherA" }, 0],
	] as const)(
		"%s about %j is recorded with its due date, identity check and steps",
		async (kind, subject, steps) => {
			const ids: Record<string, string> = { teacherA: school.teacherA.userId, teacherB: school.teacherB.userId, subject: subjectId, other: otherId };
			const named = "userId" in subject ? { ...subject, userId: ids[subject.userId] } : subject;
			const res = await create({ kind, subject: named, identityCheck: checked });
			expect(res.status).toBe(201);
			const body = res.body as PrivacyRequest;
			expect(body).toMatchObject({ kind, subject: { kind: subject.kind }, source: "school", identityCheck: checked });
			expect(body.requestedBy).not.toMatch(/[0-9a-f]{8}-/);
			expect(Date.parse(body.dueAt) - Date.parse(body.receivedAt)).toBe(30 * DAY);
			expect(body.steps).toHaveLength(steps);
			if (steps === 0) expect(body.status).toBe("received");
			else await waitForRequest(t, school.admin.token, body.id, "completed");
		},
		120_000,
	);

	it("refuses what cannot be a request: restriction of staff, an unknown student, two names for one person", async () => {
		expect((await create({ kind: "restriction", subject: { kind: "staff", userId: school.teacherA.userId }, identityCheck: checked })).status).toBe(400);
		expect((await create({ kind: "access", subject: { kind: "student", robloxUserId: 999_999 }, identityCheck: checked })).status).toBe(404);
		expect((await create({ kind: "access", subject: { kind: "student", robloxUserId: 7101, userId: subjectId }, identityCheck: checked })).status).toBe(400);
		// A teacher is staff, not a student: naming them as a student finds nobody.
		expect((await create({ kind: "access", subject: { kind: "student", userId: school.teacherA.userId }, identityCheck: checked })).status).toBe(404);
	});

	it("lets a teacher ask only about their own account, and see only their own requests", async () => {
		const own = await create({ kind: "access", subject: { kind: "staff", userId: school.teacherB.userId }, identityCheck: { method: "signed_in_account" } }, school.teacherB.token);
		expect(own.status).toBe(201);
		expect((await create({ kind: "access", subject: { kind: "student", userId: subjectId }, identityCheck: checked }, school.teacherB.token)).status).toBe(403);
		const list = await request(t.app).get("/v1/privacy/requests").set(bearer(school.teacherB.token));
		expect(list.status).toBe(200);
		expect(list.body.items.map((item: PrivacyRequest) => item.id)).toEqual([own.body.id]);
		expect((await request(t.app).post(`/v1/privacy/requests/${own.body.id}/extend`).set(bearer(school.teacherB.token)).send({ reason: "Because I want to." })).status).toBe(403);
		expect((await request(t.app).get("/v1/privacy/consent").set(bearer(school.student.token))).status).toBe(403);
	});

	it("extends an open request once by two months and tells the requester", async () => {
		const res = await create({ kind: "erasure", subject: { kind: "school" }, identityCheck: checked });
		const reason = "The school asks us to hand back five years of data first.";
		const extended = await request(t.app).post(`/v1/privacy/requests/${res.body.id}/extend`).set(admin()).send({ reason });
		expect(extended.status).toBe(200);
		const due = new Date(res.body.dueAt);
		due.setUTCMonth(due.getUTCMonth() + 2);
		expect(Date.parse(extended.body.extendedUntil)).toBe(due.getTime());
		expect(extended.body.extensionReason).toBe(reason);
		const mail = await waitForMail(t, school.admin.email, "privacy-request-extended");
		expect(mail.text_body).toContain(reason);
		const again = await request(t.app).post(`/v1/privacy/requests/${res.body.id}/extend`).set(admin()).send({ reason });
		expect(again.status).toBe(409);
		expect((await auditActions(t, school.admin.tenantId)).filter((action) => action === "privacy.request_extended")).toHaveLength(1);
	});

	it("routes a request from outside the school to its admins without acting on it, and answers the same for anyone", async () => {
		const body = { robloxUserId: SUBJECT.robloxUserId, kind: "erasure", requesterEmail: "parent.of.sam@family.example" };
		const known = await request(t.app).post("/v1/privacy/outside-requests").send(body);
		const unknown = await request(t.app)
			.post("/v1/privacy/outside-requests")
			.send({ ...body, robloxUserId: 4_242_424 });
		expect(known.status).toBe(202);
		expect(unknown.status).toBe(202);
		expect(unknown.body).toEqual(known.body);
		const mail = await waitForMail(t, school.admin.email, "privacy-request-routed");
		expect(mail.text_body).toContain("7101");
		// Asking again the same day records nothing new.
		expect((await request(t.app).post("/v1/privacy/outside-requests").send(body)).status).toBe(202);
		const routed = await systemQuery<{ status: string; steps: number }>(
			t,
			"SELECT r.status, (SELECT count(*)::int FROM privacy_request_steps s WHERE s.request_id = r.id) AS steps FROM privacy_requests r WHERE r.tenant_id = $1 AND r.source = 'outside'",
			[school.admin.tenantId],
		);
		expect(routed).toEqual([{ status: "routed", steps: 0 }]);
		const list = await request(t.app).get("/v1/privacy/requests").set(admin());
		expect(list.body.items.find((item: PrivacyRequest) => item.source === "outside")).toMatchObject({
			requestedBy: "someone outside the school",
			subject: { label: SUBJECT.name },
		});
	});
});

describe("export of one student", () => {
	let done: PrivacyRequest;
	let entries: Map<string, string>;

	beforeAll(async () => {
		const res = await create({ kind: "access", subject: { kind: "student", robloxUserId: SUBJECT.robloxUserId }, identityCheck: checked });
		expect(res.status).toBe(201);
		done = await waitForRequest(t, school.admin.token, res.body.id, "completed");
		entries = await readZip(await downloadArchive(t, school.admin.token, done.id));
	}, 120_000);

	it("has the golden layout: one folder per kind of data, JSON and CSV, with these row counts", () => {
		const golden = JSON.parse(readFileSync(path.join(__dirname, "__tests__", "golden", "student-export-layout.json"), "utf8"));
		const manifest = JSON.parse(entries.get("manifest.json") ?? "{}");
		// Audit rows depend on what earlier tests did about the student: at least their joining the class.
		const { "audit/audit": auditRows, ...rows } = manifest.rows;
		expect({ entries: [...entries.keys()].sort(), rows }).toEqual(golden);
		expect(auditRows).toBeGreaterThanOrEqual(1);
		const events = JSON.parse(entries.get("progress-events/progress-events.json") ?? "[]");
		expect(events).toHaveLength(4);
		expect(entries.get("profile/profile.csv")?.split("\n")[1]).toContain(String(SUBJECT.robloxUserId));
	});

	it("holds no other person's identity: names, addresses, Roblox UserIds and member ids of others are masked", () => {
		const everything = [...entries.values()].join("\n");
		expect(everything).toContain(SUBJECT.name);
		for (const other of [OTHER.name, String(OTHER.robloxUserId), otherId, school.teacherA.userId, school.teacherA.email, school.admin.email, school.admin.userId, "Teacher A"]) {
			expect({ other, found: everything.includes(other) }).toEqual({ other, found: false });
		}
		expect(everything).toContain("another person");
	});

	it("leaves a proof report stating the backup retention, mails the requester, and audits the download", async () => {
		expect(done.proof).toMatchObject({ kind: "access", subject: `the student with Roblox UserId ${SUBJECT.robloxUserId}` });
		expect(done.proof?.backupRetention).toMatch(/Backups are kept for \d+ days/i);
		expect(done.steps.map((step) => [step.name, step.status])).toEqual([
			["build-archive", "done"],
			["notify-requester", "done"],
		]);
		expect(done.archive?.available).toBe(true);
		const mail = await waitForMail(t, school.admin.email, "data-export-ready");
		expect(mail.text_body).toContain(`/privacy?request=${done.id}`);
		const actions = await auditActions(t, school.admin.tenantId);
		expect(actions).toEqual(expect.arrayContaining(["privacy.request_created", "privacy.request_completed", "privacy.export_downloaded"]));
	});

	it("refuses a signed link once tampered with", async () => {
		const link = await request(t.app).post(`/v1/privacy/requests/${done.id}/download`).set(admin());
		const url = new URL(link.body.url);
		url.searchParams.set("signature", "x".repeat(43));
		expect((await request(t.app).get(`${url.pathname}${url.search}`)).status).toBe(403);
	});
});

describe("processing restriction", () => {
	it("drops a restricted student's progress without telling the game, and records it again once lifted", async () => {
		const countOf = async (userId: string) =>
			(await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM progress_events WHERE student_user_id = $1", [userId]))[0]?.n ?? 0;
		// The matrix above restricted the other student: lift that first.
		await request(t.app).delete(`/v1/privacy/restrictions/${otherId}`).set(admin());
		const res = await create({ kind: "restriction", subject: { kind: "student", robloxUserId: SUBJECT.robloxUserId }, identityCheck: checked });
		await waitForRequest(t, school.admin.token, res.body.id, "completed");
		const before = await countOf(subjectId);
		const otherBefore = await countOf(otherId);
		const sent = await sendBatch(t, school.key.secret, [event.started(SUBJECT.robloxUserId, quiz), event.started(OTHER.robloxUserId, quiz)]);
		expect(sent.status).toBe(200);
		expect(sent.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
		expect(await countOf(subjectId)).toBe(before);
		expect(await countOf(otherId)).toBe(otherBefore + 1);

		const restricted = await request(t.app).get("/v1/privacy/restrictions").set(admin());
		expect(restricted.body.items.map((item: { userId: string }) => item.userId)).toContain(subjectId);
		const lifted = await request(t.app).delete(`/v1/privacy/restrictions/${subjectId}`).set(admin());
		expect(lifted.body).toEqual({ userId: subjectId, lifted: true });
		await sendBatch(t, school.key.secret, [event.started(SUBJECT.robloxUserId, quiz)]);
		expect(await countOf(subjectId)).toBe(before + 1);
	});
});

describe("consent and notice", () => {
	it("records the school's authorisation with who, when and the text's version", async () => {
		const before = await request(t.app).get("/v1/privacy/consent").set(admin());
		expect(before.body).toMatchObject({ upToDate: false, history: [] });
		expect((await request(t.app).post("/v1/privacy/consent").set(admin()).send({ noticeVersion: "1999-01-01", agreed: true })).status).toBe(409);
		const given = await request(t.app).post("/v1/privacy/consent").set(admin()).send({ noticeVersion: before.body.noticeVersion, agreed: true });
		expect(given.status).toBe(201);
		expect(given.body).toMatchObject({ upToDate: true, current: { noticeVersion: before.body.noticeVersion, attesterRole: "tenant_admin", basis: "coppa_school_authorization" } });
		expect(given.body.current.textSha256).toMatch(/^[0-9a-f]{64}$/);
		expect((await auditActions(t, school.admin.tenantId)).filter((action) => action === "privacy.consent_attested")).toHaveLength(1);
	});

	it("serves the data inventory with only the sub-processors this deployment uses", async () => {
		const notice = await request(t.app).get("/v1/privacy/notice").set(bearer(school.teacherA.token));
		expect(notice.status).toBe(200);
		expect(notice.body.subProcessors.map((entry: { name: string }) => entry.name)).toEqual(["Roblox"]);
		expect(notice.body.inventory.length).toBeGreaterThan(4);
	});
});
