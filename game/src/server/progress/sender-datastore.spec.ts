import { describe, expect, it } from "@rbxts/jest-globals";
import { errorBody, reply } from "../fake-http.spec-util";
import type { RequestKind } from "./datastore-calls";
import { fakeClock, type MemoryDataStore, memoryDataStore, spilledEvents } from "./fakes.spec-util";
import type { ProgressInput, SenderDeps } from "./sender";
import { scriptedSender, type SentBatch } from "./sender-harness.spec-util";
import { jobKey } from "./store";

/**
 * The progress DataStore under Roblox's real conditions: a budget that runs out (a call made anyway is dropped
 * with Roblox's throttle error), writes that land and then raise, and several servers sharing one store on one
 * wall clock, some of them closing and some crashing.
 */

function started(userId: number): ProgressInput {
	return { kind: "lesson_started", robloxUserId: userId, lessonId: "fractions-1", occurredAt: "2026-11-25T13:09:16.123Z" };
}

/** A game server of a fleet: its sender over a scripted service that is up or down, on the fleet's clock and store. */
interface Server {
	readonly jobId: string;
	readonly sender: ReturnType<typeof scriptedSender>["sender"];
	readonly sent: Array<SentBatch>;
	readonly warnings: Array<string>;
	up: boolean;
	/** Crashed or closed: it steps no more. */
	gone: boolean;
}

function fleet(store: MemoryDataStore = memoryDataStore()) {
	const clock = fakeClock();
	const servers = new Array<Server>();
	/** Event id -> how many times the service counted it (it counts an id once; a repeat is a duplicate). */
	const counted = new Map<string, number>();
	const start = (jobId: string, up = true, budget?: (kind: RequestKind) => number) => {
		const server = { jobId, up, gone: false } as Server;
		const env = scriptedSender(
			(batch) => {
				if (!server.up) return reply(503, errorBody("unavailable", "down"));
				let fresh = 0;
				for (const event of batch.events) {
					if (!counted.has(event.eventId)) fresh += 1;
					counted.set(event.eventId, (counted.get(event.eventId) ?? 0) + 1);
				}
				return reply(200, `{"batchId":"${batch.batchId}","accepted":${fresh},"duplicates":${batch.events.size() - fresh},"rejected":[]}`);
			},
			// a cast: the spec also runs against builds whose sender takes no budget (it must then fail, not miscompile)
			{ store, jobId, now: clock.now, sleep: clock.sleep, budget: budget ?? ((kind: RequestKind) => store.budget(kind)) } as Partial<SenderDeps>,
		);
		(server as { sender: Server["sender"] }).sender = env.sender;
		(server as { sent: Server["sent"] }).sent = env.sent;
		(server as { warnings: Server["warnings"] }).warnings = env.warnings;
		servers.push(server);
		return server;
	};
	/** Every live server steps once a second for `seconds`. */
	const play = (seconds: number, each?: () => void) => {
		for (let i = 0; i < seconds; i++) {
			for (const server of servers) if (!server.gone) server.sender.step();
			each?.();
			clock.advance(1);
		}
	};
	const sentIds = (server: Server) => {
		const ids = new Set<string>();
		for (const batch of server.sent) for (const event of batch.events) ids.add(event.eventId);
		return ids;
	};
	return { store, clock, servers, counted, start, play, sentIds };
}

/** No spill entry holds an event id twice. */
function noDoubledEntries(store: MemoryDataStore) {
	for (const [key] of store.data) {
		const seen = new Set<string>();
		for (const event of spilledEvents(store, key) ?? []) {
			expect(`${key} ${event.eventId} ${seen.has(event.eventId) ? "twice" : "once"}`).toBe(`${key} ${event.eventId} once`);
			seen.add(event.eventId);
		}
	}
}

describe("progress DataStore under throttling", () => {
	it("makes no DataStore call without budget: events stay in memory, and are saved once budget is back", () => {
		const world = fleet();
		const a = world.start("job-a", false);
		world.store.setBudget(0);
		for (let i = 1; i <= 3; i++) a.sender.record(started(i));
		world.play(60);
		expect(world.store.throttled).toBe(0);
		expect(world.store.data.size()).toBe(0);
		expect(a.sender.stats().buffered).toBe(3);
		world.store.setBudget(math.huge);
		world.play(20);
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(3);
	});

	it("a write that landed and then raised is read back and counted as written: 3 saved events stay 3", () => {
		const world = fleet();
		const a = world.start("job-a", false);
		for (let i = 1; i <= 3; i++) a.sender.record(started(i));
		world.store.failAfterWrite = 1;
		// several checkpoints (every 15 s)
		world.play(90);
		expect(world.store.failAfterWrite).toBe(0);
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(3);
		noDoubledEntries(world.store);
	});

	it("a write that raised without landing is not reported as saved: it is written at the next checkpoint", () => {
		const world = fleet();
		const a = world.start("job-a", false);
		for (let i = 1; i <= 3; i++) a.sender.record(started(i));
		world.store.failing = true;
		world.play(20);
		expect(world.store.data.size()).toBe(0);
		world.store.failing = false;
		world.play(20);
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(3);
	});

	it("flush waits for budget until its deadline, and leaves the saved events for the next server at once", () => {
		const world = fleet();
		// no budget until 5 s into the close (the flush's waits move the fleet's clock)
		const closeAt = world.clock.now();
		const a = world.start("job-a", false, (kind) => (world.clock.now() >= closeAt + 5 ? world.store.budget(kind) : 0));
		for (let i = 1; i <= 5; i++) a.sender.record(started(i));
		expect(a.sender.flush(25).left).toBe(5);
		a.gone = true;
		expect(world.clock.now() >= closeAt + 5).toBe(true);
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(5);
		const b = world.start("job-b");
		expect(b.sender.replay()).toBe(1);
		world.play(10);
		expect(world.sentIds(b).size()).toBe(5);
		expect(world.store.data.size()).toBe(0);
	});
});

describe("progress DataStore shared by several servers", () => {
	it("never adopts a live server's entry; adopts a crashed server's once its lease lapsed", () => {
		const world = fleet();
		const a = world.start("job-a", false);
		for (let i = 1; i <= 4; i++) a.sender.record(started(i));
		world.play(20);
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(4);
		const b = world.start("job-b");
		expect(b.sender.replay()).toBe(0);
		// A lives (renewing its lease) for ten minutes: B never sends its events
		world.play(600);
		expect(world.sentIds(b).size()).toBe(0);
		// A crashes: no flush, no more renewals; B adopts within lease + one adoption round
		a.gone = true;
		world.play(300);
		expect(world.sentIds(b).size()).toBe(4);
		expect(world.store.data.size()).toBe(0);
	});

	it("a live server whose lease lapsed under throttling was adopted: it saves later events elsewhere, and none is lost", () => {
		const world = fleet();
		let aThrottled = false;
		const a = world.start("job-a", false, (kind) => (aThrottled ? 0 : world.store.budget(kind)));
		a.sender.record(started(1));
		world.play(20);
		// A's DataStore budget is gone for five minutes (budgets are per server): it cannot renew its lease
		aThrottled = true;
		const b = world.start("job-b");
		// B holds what it adopts until the service takes it: down for B too, for now
		b.up = false;
		world.play(300);
		expect((world.store.peek(jobKey("job-a")) as { owner: string }).owner).toBe("job-b");
		aThrottled = false;
		a.sender.record(started(2));
		world.play(40);
		// A never writes into the entry B holds: its events go under a new key
		expect(spilledEvents(world.store, jobKey("job-a"))!.size()).toBe(1);
		expect(spilledEvents(world.store, `${jobKey("job-a")}/1`)!.size()).toBe(2);
		expect(a.warnings.some((w) => w.find("Another server took over", 1, true)[0] !== undefined)).toBe(true);
		// A crashes; the service comes back for B: everything A recorded reaches it, and the store ends empty
		a.gone = true;
		b.up = true;
		world.play(400);
		expect(world.counted.size()).toBe(2);
		expect(world.store.data.size()).toBe(0);
		expect(world.store.throttled).toBe(0);
	});

	it("three servers, a throttling DataStore that also fails after writing, closes and crashes: every event reaches the service, no entry doubles one", () => {
		const world = fleet();
		const servers = [world.start("job-1", false), world.start("job-2", false), world.start("job-3", false)];
		let user = 0;
		const recorded = new Map<string, Server>();
		const recordOn = (server: Server) => {
			user += 1;
			const made = server.sender.record(started(user));
			if (made.ok) recorded.set(made.eventId, server);
		};
		/** What a crash loses: events only its memory held (not in any DataStore entry, not delivered). */
		const lostWith = new Set<string>();
		const crash = (server: Server) => {
			const stored = new Set<string>();
			for (const [key] of world.store.data) for (const event of spilledEvents(world.store, key) ?? []) stored.add(event.eventId);
			for (const [id, by] of recorded) if (by === server && !stored.has(id) && !world.counted.has(id)) lostWith.add(id);
			server.gone = true;
		};
		let second = 0;
		world.play(400, () => {
			second += 1;
			for (const server of servers) if (!server.gone) recordOn(server);
			// the budget runs out for a while every minute, and some writes land and raise
			if (second % 60 === 10) world.store.setBudget(0);
			if (second % 60 === 25) world.store.setBudget(math.huge);
			if (second % 45 === 0) world.store.failAfterWrite = 2;
			if (second % 20 === 0) noDoubledEntries(world.store);
			if (second === 100) {
				// server 1 closes while the service is down for it
				servers[0].sender.flush(25);
				servers[0].gone = true;
			}
			if (second === 200) crash(servers[1]);
			if (second === 250) servers[2].up = true; // the service comes back for server 3
		});
		// a server started after all that
		const late = world.start("job-4");
		late.sender.replay();
		world.play(900);
		expect(world.store.throttled).toBe(0);
		// a crash loses at most its checkpoint window (15 s, more while the budget is out); everything else arrives
		expect(lostWith.size() <= 3 * 15).toBe(true);
		const missing = new Array<string>();
		for (const [id] of recorded) if (!world.counted.has(id) && !lostWith.has(id)) missing.push(id);
		expect(missing).toEqual([]);
		expect(world.counted.size()).toBe(recorded.size() - lostWith.size());
		expect(servers[2].sender.stats().buffered).toBe(0);
		expect(world.store.data.size()).toBe(0);
	});
});

describe("progress DataStore formats", () => {
	it("reads a spill an earlier build left (format 1: a bare array, with its old index entry) and delivers it", () => {
		const store = memoryDataStore();
		const events = [
			{ ...started(1), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d61" },
			{ ...started(2), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d62" },
		];
		store.UpdateAsync("job/0f1e2d3c-old", () => events);
		store.UpdateAsync("pending", () => ["job/0f1e2d3c-old"]);
		const world = fleet(store);
		const b = world.start("job-b");
		expect(b.sender.replay()).toBe(1);
		world.play(10);
		expect(world.counted.size()).toBe(2);
		expect(store.peek("job/0f1e2d3c-old")).toBeUndefined();
	});

	it("removes an entry a gone server emptied but could not remove", () => {
		const store = memoryDataStore();
		store.UpdateAsync("job/emptied", () => ({ v: 2, owner: "emptied", expires: 0, events: [] }));
		const world = fleet(store);
		const b = world.start("job-b");
		expect(b.sender.replay()).toBe(1);
		world.play(5);
		expect(store.data.size()).toBe(0);
	});

	it("keeps an earlier build's entry in its shape while it holds events (that build may still be writing it)", () => {
		const store = memoryDataStore();
		const events = [
			{ ...started(1), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d61" },
			{ ...started(2), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d62" },
		];
		store.UpdateAsync("job/0f1e2d3c-old", () => events);
		const world = fleet(store);
		const b = world.start("job-b", false);
		expect(b.sender.replay()).toBe(1);
		// renewals and checkpoints go by while the service is out of reach
		world.play(120);
		expect(store.peek("job/0f1e2d3c-old")).toEqual(events);
		b.up = true;
		// the next try comes after the backoff the outage earned (at most 2 minutes)
		world.play(200);
		expect(world.counted.size()).toBe(2);
		expect(store.peek("job/0f1e2d3c-old")).toBeUndefined();
	});

	it("leaves alone an entry of a newer format it cannot read", () => {
		const store = memoryDataStore();
		store.UpdateAsync("job/newer", () => ({ v: 3, somethingElse: true }));
		const world = fleet(store);
		const b = world.start("job-b");
		expect(b.sender.replay()).toBe(0);
		world.play(100);
		expect(store.peek("job/newer")).toEqual({ v: 3, somethingElse: true });
	});

	it("writes format 2: the owner, the lease end in unix seconds, the events", () => {
		const world = fleet();
		const a = world.start("job-a", false);
		a.sender.record(started(1));
		world.play(20);
		const entry = world.store.peek(jobKey("job-a")) as { v: number; owner: string; expires: number; events: Array<unknown> };
		expect(entry.v).toBe(2);
		expect(entry.owner).toBe("job-a");
		expect(entry.expires > world.clock.now()).toBe(true);
		expect(entry.events.size()).toBe(1);
	});
});
