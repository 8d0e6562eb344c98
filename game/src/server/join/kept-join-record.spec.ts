import { describe, expect, it } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import type { JoinAnswer } from "shared/join-code";
import { errorBody, fakeHttp, fakeSecret, reply } from "../fake-http.spec-util";
import { keepJoin, userKey } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import { fakeClock, type MemoryDataStore, memoryDataStore } from "../progress/fakes.spec-util";
import type { SenderDeps } from "../progress/sender";
import { scriptedSender } from "../progress/sender-harness.spec-util";
import { API_KEY_SECRET, createServiceClient, type ServiceClient } from "../service-client";
import { createJoinHandler, type JoinHandler, type JoinHandlerDeps } from "./join-handler";

/**
 * A class code typed while the service was away outlives the server it was typed on: it is kept in the student's
 * `User_<UserId>` record, and the next server (the one the student joins, or the one that adopts the closed
 * server's saved progress) sends it before that progress. Several servers share one in-memory DataStore.
 */
const URL = "http://toolboxai.test:8080";
const JOINED = `{"classId":"6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b","className":"Period 3 Fractions","studentUserId":"00000000-0000-4000-8000-000000000002","robloxUserId":4242,"alreadyMember":false}`;
const STUDENT = { UserId: 4242, DisplayName: "Offline Olivia" };

/** restore as this build has it (older builds have none: the spec then fails on its expectations). */
type Restore = (userId: number, displayName?: string) => JoinAnswer | undefined;
function restoreOf(handler: JoinHandler): Restore {
	const maybe = handler as unknown as { restore?(userId: number, displayName?: string): JoinAnswer | undefined };
	return (userId, displayName) => (maybe.restore === undefined ? undefined : maybe.restore(userId, displayName));
}

function service(log: Array<string>, down = false): ServiceClient {
	const http = fakeHttp(
		(request) => {
			const body = HttpService.JSONDecode(request.Body!) as { robloxUserId?: number; batchId?: string; events?: Array<{ robloxUserId: number }> };
			if (tostring(request.Url).find("/classes/join", 1, true)[0] !== undefined) {
				log.push(`join ${body.robloxUserId}`);
				return down ? reply(503, errorBody("unavailable", "down")) : reply(200, JOINED);
			}
			log.push(`progress ${body.events![0].robloxUserId}`);
			return reply(200, `{"batchId":"${body.batchId}","accepted":${body.events!.size()},"duplicates":0,"rejected":[]}`);
		},
		{ [API_KEY_SECRET]: fakeSecret("key") },
	);
	const created = createServiceClient(http, URL);
	if (!created.ok) error(created.message);
	return created.client;
}

function handlerOn(store: MemoryDataStore, client: ServiceClient | undefined, log: Array<string>) {
	const clock = fakeClock();
	const records: DataStoreAccess = { store, budget: (kind) => store.budget(kind), sleep: clock.sleep, now: clock.now };
	const warnings = new Array<string>();
	// A cast: the spec also runs against builds whose handler keeps joins in memory only.
	const deps = {
		client,
		now: clock.now,
		warn: (line: string) => warnings.push(line),
		offline: () => true,
		sleep: () => undefined,
		records,
		wallNow: () => 1_700_000_000,
	} as JoinHandlerDeps;
	const handler = createJoinHandler(deps);
	return { handler, restore: restoreOf(handler), warnings, log };
}

describe("a kept class join outlives its server", () => {
	it("writes the kept code into the student's record, and the class once the service took it", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		const a = handlerOn(store, undefined, log);
		expect(a.handler.handle(STUDENT, "hkm-7rtx")).toEqual({ status: "joined_offline" });
		expect(store.peek(userKey(STUDENT.UserId))).toEqual({ v: 1, join: { code: "HKM7RTX", at: 1_700_000_000 }, answered: [] });
		a.handler.connect(service(log));
		expect(store.peek(userKey(STUDENT.UserId))).toEqual({ v: 1, class: { name: "Period 3 Fractions", id: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" }, answered: [] });
	});

	it("the server the student joins next sends the join a closed server kept, and lets them play at once", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		const a = handlerOn(store, undefined, log);
		a.handler.handle(STUDENT, "HKM7RTX");
		// A closes before the service answered: its memory is gone
		const b = handlerOn(store, service(log), log);
		expect(b.restore(STUDENT.UserId, STUDENT.DisplayName)).toEqual({ status: "joined", className: "Period 3 Fractions", classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" });
		expect(log).toEqual([`join ${STUDENT.UserId}`]);
		expect((store.peek(userKey(STUDENT.UserId)) as { join?: unknown }).join).toBeUndefined();
		// Nothing left to send: a member now, in the class straight from the record.
		expect(b.restore(STUDENT.UserId, STUDENT.DisplayName)).toEqual({ status: "joined", className: "Period 3 Fractions", classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" });
		expect(log.size()).toBe(1);
	});

	it("a returning member is in their class from the record while the service is down; a record of an older build (no class id) is not enough", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		handlerOn(store, undefined, log).handler.handle(STUDENT, "HKM7RTX");
		handlerOn(store, service(log), log).restore(STUDENT.UserId, STUDENT.DisplayName);
		// Another day, the service is down at start: nothing is sent, the record says which class.
		const offline = handlerOn(store, undefined, log);
		expect(offline.restore(STUDENT.UserId, STUDENT.DisplayName)).toEqual({ status: "joined", className: "Period 3 Fractions", classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" });
		expect(log).toEqual([`join ${STUDENT.UserId}`]);
		expect(offline.handler.pending()).toEqual([]);
		const older = memoryDataStore();
		older.UpdateAsync(userKey(STUDENT.UserId), () => ({ v: 1, class: { name: "Period 3 Fractions" }, answered: {} }));
		expect(handlerOn(older, undefined, log).restore(STUDENT.UserId, STUDENT.DisplayName)).toBeUndefined();
	});

	it("a student removed from their class: the record forgets that class (not another), and the next server asks for a code", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		handlerOn(store, undefined, log).handler.handle(STUDENT, "HKM7RTX");
		handlerOn(store, service(log), log).restore(STUDENT.UserId, STUDENT.DisplayName);
		const clock = fakeClock();
		const records: DataStoreAccess = { store, budget: (kind) => store.budget(kind), sleep: clock.sleep, now: clock.now };
		expect(keepJoin(records, STUDENT.UserId, { forgetClassId: "00000000-0000-4000-8000-00000000000c" })).toBe(true);
		expect((store.peek(userKey(STUDENT.UserId)) as { class?: unknown }).class).toEqual({ name: "Period 3 Fractions", id: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" });
		expect(keepJoin(records, STUDENT.UserId, { forgetClassId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" })).toBe(true);
		expect((store.peek(userKey(STUDENT.UserId)) as { class?: unknown }).class).toBeUndefined();
		expect(handlerOn(store, undefined, log).restore(STUDENT.UserId, STUDENT.DisplayName)).toBeUndefined();
	});

	it("a server that is offline too keeps the restored join, and sends it when the service answers", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		handlerOn(store, undefined, log).handler.handle(STUDENT, "HKM7RTX");
		const c = handlerOn(store, undefined, log);
		expect(c.restore(STUDENT.UserId)).toEqual({ status: "joined_offline" });
		expect(c.handler.pending()).toEqual([STUDENT.UserId]);
		c.handler.connect(service(log));
		expect(log).toEqual([`join ${STUDENT.UserId}`]);
	});

	it("the server adopting a closed server's progress sends that server's kept joins before the progress", () => {
		const store = memoryDataStore();
		const log = new Array<string>();
		const a = handlerOn(store, undefined, log);
		a.handler.handle(STUDENT, "HKM7RTX");
		// A's progress, kept while the service was away, is saved as A closes
		const closing = scriptedSender(() => reply(503, errorBody("unavailable", "down")), { store, jobId: "job-a" }, true);
		closing.sender.record({ kind: "lesson_started", robloxUserId: STUDENT.UserId, lessonId: "fractions-1", occurredAt: "2026-11-25T13:09:16.123Z" });
		closing.sender.flush(25);
		// B is online: it restores the join for the students it adopts, then sends their progress
		const client = service(log);
		const b = handlerOn(store, client, log);
		const successor = scriptedSender(() => reply(200, "{}"), {
			store,
			jobId: "job-b",
			client,
			adoptedStudents: (ids: ReadonlyArray<number>) => {
				for (const id of ids) b.restore(id);
			},
		} as Partial<SenderDeps>);
		successor.sender.replay();
		for (let i = 0; i < 10; i++) {
			successor.sender.step();
			successor.clock.advance(1);
		}
		expect(log).toEqual([`join ${STUDENT.UserId}`, `progress ${STUDENT.UserId}`]);
	});
});
