import { describe, expect, it } from "@rbxts/jest-globals";
import { errorBody, reply, type FakeReply } from "../fake-http.spec-util";
import { backoffDelay } from "./backoff";
import { memoryDataStore, spilledEvents } from "./fakes.spec-util";
import type { ProgressInput, SenderDeps } from "./sender";
import { scriptedSender, type SentBatch } from "./sender-harness.spec-util";
import { jobKey } from "./store";

/** A sender over a scripted service: `answer` sees each decoded batch; requests are recorded with the fake time. */
function setup(answer: (batch: SentBatch, index: number) => FakeReply, overrides: Partial<SenderDeps> = {}) {
	return scriptedSender(answer, overrides);
}

function ack(batch: SentBatch): FakeReply {
	return reply(200, `{"batchId":"${batch.batchId}","accepted":${batch.events.size()},"duplicates":0,"rejected":[]}`);
}

function started(userId: number): ProgressInput {
	return { kind: "lesson_started", robloxUserId: userId, lessonId: "fractions-1", occurredAt: "2026-11-25T13:09:16.123Z" };
}

/** Steps once a second for `seconds`, recording `perSecond` events before each step. */
function play(env: ReturnType<typeof setup>, seconds: number, perSecond: number) {
	for (let second = 0; second < seconds; second++) {
		for (let i = 0; i < perSecond; i++) env.sender.record(started(1 + i));
		env.sender.step();
		env.clock.advance(1);
	}
}

describe("ProgressSender.record", () => {
	it("gives an event without an id a fresh UUID and keeps an id made where it happened", () => {
		const env = setup(ack);
		const made = env.sender.record(started(7));
		expect(made.ok).toBe(true);
		expect((made as { eventId: string }).eventId.match("^00000000%-0000%-4000%-8000%-%d+$")[0]).toBeDefined();
		const kept = env.sender.record({ ...started(7), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e" });
		expect(kept).toEqual({ ok: true, eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e" });
		env.sender.step();
		expect(env.sent[0].events.map((e) => e.eventId)).toEqual([(made as { eventId: string }).eventId, "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e"]);
	});

	it("refuses an event the shared contract refuses, and buffers nothing for it", () => {
		const env = setup(ack);
		const result = env.sender.record({ ...started(0) });
		expect(result).toEqual({ ok: false, message: "Progress event not recorded: /robloxUserId must be at least 1." });
		expect(env.sender.stats().buffered).toBe(0);
	});
});

describe("ProgressSender interval", () => {
	it("never sends more than one request per 5 s, even at 1,000 events per second, in batches of at most 500", () => {
		const env = setup(ack, { options: { maxBuffer: 100000 } });
		// 20 s of play: validating 20,000 events under Lune takes a few seconds, and 4 intervals show the rule
		play(env, 20, 1000);
		expect(env.sent.size()).toBe(4);
		for (let i = 1; i < env.sent.size(); i++) expect(env.sent[i].at - env.sent[i - 1].at >= 5).toBe(true);
		const ids = new Set<string>();
		for (const batch of env.sent) {
			expect(batch.events.size()).toBe(500);
			expect(ids.has(batch.batchId)).toBe(false);
			ids.add(batch.batchId);
		}
		expect(env.sender.stats()).toMatchObject({ accepted: 2000, requests: 4, buffered: 18000 });
	});

	it("sends nothing while there is nothing to send", () => {
		const env = setup(ack);
		play(env, 30, 0);
		expect(env.sent.size()).toBe(0);
	});
});

describe("ProgressSender buffer bound", () => {
	it("keeps the oldest events in memory, spills the newest to the DataStore, and sends every event once in the end", () => {
		const env = setup(ack, { options: { maxBuffer: 1000, maxBatch: 500, checkpoint: 1e9 } });
		for (let i = 0; i < 3000; i++) env.sender.record(started(1 + i));
		env.sender.step();
		// the first batch went out; memory holds the bound, the rest is in the DataStore under this server's key
		expect(env.sent[0].events.map((e) => e.robloxUserId)[0]).toBe(1);
		expect(env.sent[0].events[499].robloxUserId).toBe(500);
		expect(env.sender.stats().buffered).toBe(500);
		expect(spilledEvents(env.store, jobKey("job-a"))!.size()).toBe(2000);
		play(env, 60, 0);
		const seen = new Set<string>();
		let total = 0;
		for (const batch of env.sent) {
			for (const event of batch.events) {
				seen.add(event.eventId);
				total += 1;
			}
		}
		expect(seen.size()).toBe(3000);
		expect(total).toBe(3000);
		// delivered events leave the DataStore, and an empty entry leaves the index
		expect(env.store.peek(jobKey("job-a"))).toBeUndefined();
		expect(env.store.data.size()).toBe(0);
	});

	it("keeps events in memory when the DataStore refuses the spill (never dropped for space)", () => {
		const env = setup(() => reply(503, errorBody("unavailable", "down")), { options: { maxBuffer: 100 } });
		env.store.failing = true;
		for (let i = 0; i < 300; i++) env.sender.record(started(1 + i));
		env.sender.step();
		expect(env.sender.stats().buffered).toBe(300);
		expect(env.warnings.some((w) => w.find("Could not spill", 1, true)[0] !== undefined)).toBe(true);
	});
});

describe("ProgressSender retries", () => {
	it("retries a failed batch with the same batchId and events, after exponential backoff with jitter", () => {
		const answers = [503, 503, 0, 200];
		const env = setup((batch, index) => {
			const status = answers[index];
			if (status === 0) return { throws: "HttpError: ConnectFail" };
			return status === 200 ? ack(batch) : reply(status, errorBody("unavailable", "The database is not reachable."));
		});
		for (let i = 0; i < 3; i++) env.sender.record(started(1 + i));
		for (let second = 0; second < 200 && env.sent.size() < 4; second++) {
			env.sender.record(started(100 + second));
			env.sender.step();
			env.clock.advance(1);
		}
		expect(env.sent.size()).toBe(4);
		const first = env.sent[0];
		for (const retry of env.sent) {
			expect(retry.batchId).toBe(first.batchId);
			expect(retry.events).toEqual(first.events);
		}
		// random() = 0.5: waits of 0.75 × 5, 10, 20 s, never under the 5 s interval; steps are whole seconds
		expect(env.sent[1].at - env.sent[0].at).toBe(5);
		expect(env.sent[2].at - env.sent[1].at).toBe(8);
		expect(env.sent[3].at - env.sent[2].at).toBe(15);
		expect(env.sender.stats()).toMatchObject({ accepted: first.events.size() });
	});

	it("keeps every backoff step between half and all of base × 2^(attempt-1), capped", () => {
		const options = { base: 5, cap: 120 };
		for (let attempt = 1; attempt <= 8; attempt++) {
			const step = math.min(120, 5 * 2 ** (attempt - 1));
			expect(backoffDelay(attempt, 0, options)).toBe(step / 2);
			expect(backoffDelay(attempt, 0.999999, options) <= step).toBe(true);
			expect(backoffDelay(attempt, 0.999999, options) > step * 0.99).toBe(true);
		}
	});

	it("honours Retry-After on a 429", () => {
		const env = setup((batch, index) => {
			if (index === 0) {
				const limited = reply(429, errorBody("rate_limited", "Too many requests."));
				return { ...limited, Headers: { "retry-after": "42" } };
			}
			return ack(batch);
		});
		env.sender.record(started(1));
		play(env, 60, 0);
		expect(env.sent.size()).toBe(2);
		expect(env.sent[1].at - env.sent[0].at).toBe(42);
		expect(env.sent[1].batchId).toBe(env.sent[0].batchId);
	});

	it("drops events the service rejected by index, with a log line, and counts duplicates as delivered", () => {
		const env = setup((batch) =>
			reply(
				200,
				`{"batchId":"${batch.batchId}","accepted":1,"duplicates":1,"rejected":[{"index":2,"issues":[{"path":"/events/2/lessonId","code":"unknown_lesson","message":"No lesson of this school has this id."}]}]}`,
			),
		);
		env.sender.record(started(1));
		env.sender.record(started(2));
		env.sender.record({ ...started(3), lessonId: "gone" });
		env.sender.step();
		play(env, 30, 0);
		expect(env.sent.size()).toBe(1);
		expect(env.sender.stats()).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1, buffered: 0 });
		const id = env.sent[0].events[2].eventId;
		expect(env.warnings).toEqual([
			`[ToolBoxAI progress] The service rejected event ${id} (lesson_started) of batch ${env.sent[0].batchId}; it is dropped: /events/2/lessonId No lesson of this school has this id.`,
		]);
	});
});

describe("ProgressSender refusals", () => {
	it("drops a whole batch the service refuses as malformed (400), with a log line, and goes on with the next", () => {
		const env = setup((batch, index) => (index === 0 ? reply(400, errorBody("bad_request", "The body is not a progress batch.")) : ack(batch)));
		for (let i = 0; i < 600; i++) env.sender.record(started(1 + i));
		play(env, 12, 0);
		expect(env.sent.map((b) => b.events.size())).toEqual([500, 100]);
		expect(env.sender.stats()).toMatchObject({ rejected: 500, accepted: 100, buffered: 0 });
		expect(env.warnings.size()).toBe(1);
		expect(env.warnings[0].find("as malformed; it is dropped", 1, true)[0]).toBeDefined();
	});

	it("drops a batch refused because the school's subscription has ended (402), with one log line, and never sends it again", () => {
		const ended = reply(402, errorBody("subscription_ended", "Your school's subscription has ended."));
		const env = setup((batch, index) => (index === 0 ? ended : ack(batch)), { options: { checkpoint: 1 } });
		for (let i = 0; i < 3; i++) env.sender.record(started(1 + i));
		// Saved to the DataStore before the refusal: the refused events leave it too (no later server sends them).
		env.clock.advance(2);
		env.sender.step();
		expect(env.sent.size()).toBe(1);
		play(env, 300, 0);
		expect(env.sent.size()).toBe(1);
		expect(env.sender.stats()).toMatchObject({ rejected: 3, accepted: 0, buffered: 0, failing: 0 });
		expect(env.warnings.size()).toBe(1);
		expect(env.warnings[0].find("subscription has ended", 1, true)[0]).toBeDefined();
		expect(spilledEvents(env.store, jobKey("job-a")) ?? []).toEqual([]);
		// A later event (the school subscribed again) goes out as usual.
		env.sender.record(started(9));
		play(env, 6, 0);
		expect(env.sent.map((batch) => batch.events.size())).toEqual([3, 1]);
		expect(env.sender.stats()).toMatchObject({ accepted: 1, buffered: 0 });
	});

	it("records no new events while the content loader says the subscription has ended, and records again after", () => {
		let ended = true;
		const env = setup(ack, { subscriptionEnded: () => ended });
		expect(env.sender.record(started(1))).toEqual({ ok: false, message: "Progress event not recorded: the school's subscription has ended." });
		play(env, 10, 0);
		expect(env.sent.size()).toBe(0);
		expect(env.sender.stats().buffered).toBe(0);
		ended = false;
		expect(env.sender.record(started(1)).ok).toBe(true);
		play(env, 2, 0);
		expect(env.sent.map((batch) => batch.events.size())).toEqual([1]);
	});

	it("keeps retrying (never drops) a batch refused for the key (401) or for a missing route (404)", () => {
		const env = setup((_, index) => (index === 0 ? reply(401, errorBody("unauthenticated", "No such key.")) : reply(404, errorBody("not_found", "No route."))));
		env.sender.record(started(1));
		play(env, 300, 0);
		expect(env.sent.size() > 3).toBe(true);
		expect(env.sender.stats()).toMatchObject({ rejected: 0, buffered: 1 });
	});
});

describe("ProgressSender close and replay", () => {
	it("flush saves what is unsent, then sends it all within the close budget, ignoring the interval", () => {
		const env = setup(ack, { options: { checkpoint: 1e9 } });
		for (let i = 0; i < 1200; i++) env.sender.record(started(1 + i));
		const result = env.sender.flush(25);
		expect(result).toEqual({ delivered: true, left: 0 });
		expect(env.sent.map((b) => b.events.size())).toEqual([500, 500, 200]);
		expect(env.store.peek(jobKey("job-a"))).toBeUndefined();
		// closed: later steps send nothing
		env.sender.record(started(9));
		play(env, 20, 0);
		expect(env.sent.size()).toBe(3);
	});

	it("a server that closes while the service is down leaves its events in the DataStore; the next one delivers them and clears it", () => {
		const store = memoryDataStore();
		const down = setup(() => reply(503, errorBody("unavailable", "down")), { store });
		for (let i = 0; i < 700; i++) down.sender.record(started(1 + i));
		const closing = down.sender.flush(25);
		expect(closing.delivered).toBe(false);
		expect(closing.left).toBe(700);
		expect(spilledEvents(store, jobKey("job-a"))!.size()).toBe(700);

		const successor = setup(ack, { store, jobId: "job-b" });
		expect(successor.sender.replay()).toBe(1);
		play(successor, 30, 0);
		const ids = new Set<string>();
		for (const batch of successor.sent) for (const event of batch.events) ids.add(event.eventId);
		const left = new Set<string>();
		for (const batch of down.sent) for (const event of batch.events) left.add(event.eventId);
		expect(ids.size()).toBe(700);
		expect(store.peek(jobKey("job-a"))).toBeUndefined();
		expect(store.data.size()).toBe(0);
	});

	it("flush also saves events recorded while it waited on the service", () => {
		let env: ReturnType<typeof setup> | undefined;
		env = setup(() => {
			// gameplay goes on while the request yields
			env!.sender.record(started(99));
			return reply(503, errorBody("unavailable", "down"));
		});
		env.sender.record(started(1));
		const closing = env.sender.flush(25);
		expect(closing.delivered).toBe(false);
		const saved = spilledEvents(env.store, jobKey("job-a"))!;
		expect(saved.size()).toBe(closing.left);
		expect(saved.filter((e) => e.robloxUserId === 99).size() >= 1).toBe(true);
	});

	it("a crash loses at most the checkpoint window: the copy saved by the checkpoint is replayed", () => {
		const store = memoryDataStore();
		const crashed = setup(() => reply(503, errorBody("unavailable", "down")), { store, options: { checkpoint: 15 } });
		for (let i = 0; i < 10; i++) crashed.sender.record(started(1 + i));
		play(crashed, 16, 0);
		// no flush: the server is gone, and its lease lapses unrenewed
		const successor = setup(ack, { store, jobId: "job-b" });
		expect(successor.sender.replay()).toBe(0);
		successor.clock.advance(200);
		expect(successor.sender.replay()).toBe(1);
		play(successor, 10, 0);
		expect(successor.sent.size()).toBe(1);
		expect(successor.sent[0].events.size()).toBe(10);
		expect(store.data.size()).toBe(0);
	});
});
