import { describe, expect, it } from "@rbxts/jest-globals";
import { errorBody, reply, type FakeReply } from "../fake-http.spec-util";
import { memoryDataStore, spilledEvents } from "./fakes.spec-util";
import { afterServerError, DEFAULT_ISOLATION } from "./isolation";
import type { ProgressInput, SenderDeps } from "./sender";
import { scriptedSender, type SentBatch } from "./sender-harness.spec-util";
import { jobKey } from "./store";

/** The service cannot store this student's events (in the real service: text Postgres cannot hold). */
const POISONED_USER = 666;

function answerEvent(userId: number): ProgressInput {
	return {
		kind: "answer_submitted",
		robloxUserId: userId,
		lessonId: "fractions-1",
		occurredAt: "2026-11-25T13:09:16.123Z",
		stepId: "q1",
		answer: { correct: true, points: 10, choiceIds: ["b"] },
	} as ProgressInput;
}

/** A sender over a scripted service that sees each decoded batch (`answer` may look at the request count too). */
function setup(answer: (batch: SentBatch, index: number) => FakeReply, overrides: Partial<SenderDeps> = {}, offline = false) {
	const env = scriptedSender(answer, overrides, offline);
	const { clock, sender } = env;
	const play = (seconds: number) => {
		for (let i = 0; i < seconds; i++) {
			sender.step();
			clock.advance(1);
		}
	};
	/** Plays `seconds`, recording one more event every `every` seconds (students keep playing). */
	const playOn = (seconds: number, every: number, firstUser: number) => {
		for (let i = 0; i < seconds; i++) {
			if (i % every === 0) sender.record(answerEvent(firstUser + i));
			sender.step();
			clock.advance(1);
		}
	};
	return { ...env, play, playOn };
}

function ack(batch: SentBatch): FakeReply {
	return reply(200, `{"batchId":"${batch.batchId}","accepted":${batch.events.size()},"duplicates":0,"rejected":[]}`);
}

/** 500 for any batch holding the poisoned student's event, as the service answers a batch it cannot store. */
function failsOnPoison(batch: SentBatch): FakeReply {
	const poisoned = batch.events.some((event) => event.robloxUserId === POISONED_USER);
	return poisoned ? reply(500, errorBody("internal", "Something went wrong.")) : ack(batch);
}

/** Event ids the service took (a 2xx to the batch that carried them). */
function deliveredIds(sent: ReadonlyArray<SentBatch>, took: (batch: SentBatch) => boolean): Set<string> {
	const ids = new Set<string>();
	for (const batch of sent) if (took(batch)) for (const event of batch.events) ids.add(event.eventId);
	return ids;
}

const tookUnpoisoned = (batch: SentBatch) => !batch.events.some((event) => event.robloxUserId === POISONED_USER);

describe("ProgressSender: one event the service cannot store", () => {
	it("halves the failing batch until the event is alone, sets it aside, and delivers every other event", () => {
		const env = setup(failsOnPoison);
		const ids = new Array<string>();
		for (let i = 1; i <= 40; i++) {
			const made = env.sender.record(answerEvent(i === 17 ? POISONED_USER : 1000 + i));
			if (made.ok) ids.push(made.eventId);
		}
		const poisonId = ids[16];
		// Play goes on meanwhile: an event a second after the first batch failed.
		for (let second = 0; second < 600 && env.sender.stats().quarantined === 0; second++) {
			if (second % 10 === 0) env.sender.record(answerEvent(5000 + second));
			env.sender.step();
			env.clock.advance(1);
		}
		env.play(60);
		expect(env.sender.stats()).toMatchObject({ quarantined: 1, buffered: 0, rejected: 0 });
		expect(env.sender.quarantine().map((event) => event.eventId)).toEqual([poisonId]);
		const delivered = deliveredIds(env.sent, tookUnpoisoned);
		for (const id of ids) if (id !== poisonId) expect(delivered.has(id)).toBe(true);
		expect(delivered.has(poisonId)).toBe(false);
		expect(env.warnings.some((line) => line.find(`event ${poisonId} (answer_submitted, lesson fractions-1 step q1) sent alone`, 1, true)[0] !== undefined)).toBe(true);
		// The queue went on: events recorded after the trouble began were delivered too.
		expect(env.sender.stats().accepted).toBe(delivered.size());
	});

	it("isolates it even when its batch is all there is; alone, it waits (blocking nothing) until other events prove the service works", () => {
		const env = setup(failsOnPoison);
		for (let i = 1; i <= 9; i++) env.sender.record(answerEvent(i === 4 ? POISONED_USER : 2000 + i));
		env.play(1200);
		expect(env.sender.stats()).toMatchObject({ quarantined: 0, accepted: 8, buffered: 1 });
		env.playOn(1200, 60, 2100);
		expect(env.sender.stats()).toMatchObject({ quarantined: 1, accepted: 8 + 20, buffered: 0 });
	});

	it("takes the quarantined event out of the DataStore, so no later server replays it", () => {
		const env = setup(failsOnPoison, { options: { checkpoint: 1 } });
		for (let i = 1; i <= 5; i++) env.sender.record(answerEvent(i === 2 ? POISONED_USER : 3000 + i));
		env.playOn(1200, 60, 3100);
		expect(env.sender.stats()).toMatchObject({ quarantined: 1, accepted: 4 + 20, buffered: 0 });
		expect(env.store.peek(jobKey("job-a"))).toBeUndefined();
		expect(env.store.data.size()).toBe(0);
	});

	it("an outage (every batch 5xx) halves nothing twice and sets nothing aside; afterwards every event goes", () => {
		let down = true;
		const env = setup((batch) => (down ? reply(503, errorBody("unavailable", "The database is not reachable.")) : ack(batch)), { options: { maxBatch: 100 } });
		for (let i = 1; i <= 450; i++) env.sender.record(answerEvent(4000 + i));
		env.play(1800);
		expect(env.sender.stats()).toMatchObject({ quarantined: 0, accepted: 0, buffered: 450 });
		const sizes = new Set<number>();
		for (const batch of env.sent) sizes.add(batch.events.size());
		// 4 batches of 100 and one of 50: none halved, since nothing was ever taken (a lone batch is halved once).
		for (const size of sizes) expect(size === 100 || size === 50).toBe(true);
		down = false;
		env.play(300);
		expect(env.sender.stats()).toMatchObject({ quarantined: 0, accepted: 450, buffered: 0 });
	});

	it("a batch that stepped aside goes right after one other batch, however busy play is", () => {
		let first: string | undefined;
		let failures = 0;
		const env = setup((batch) => {
			first = first ?? batch.batchId;
			if (batch.batchId === first && failures < DEFAULT_ISOLATION.stepAsideAfter) {
				failures += 1;
				return reply(503, errorBody("unavailable", "A deploy is in progress."));
			}
			return ack(batch);
		});
		for (let i = 0; i < 5; i++) env.sender.record(answerEvent(9000 + i));
		env.play(1);
		env.playOn(300, 1, 9100);
		const ids = env.sent.map((batch) => batch.batchId);
		expect(ids.filter((id) => id === first).size()).toBe(DEFAULT_ISOLATION.stepAsideAfter + 1);
		// three failures, one batch of fresh events, then the one that stepped aside
		expect(ids[DEFAULT_ISOLATION.stepAsideAfter]).never.toBe(first);
		expect(ids[DEFAULT_ISOLATION.stepAsideAfter + 1]).toBe(first);
		expect(env.sender.stats().quarantined).toBe(0);
	});

	it("a long outage with busy play lets one batch step aside, not one after another (memory keeps its bound)", () => {
		const env = setup(() => reply(503, errorBody("unavailable", "The database is not reachable.")), { options: { maxBatch: 20 } });
		env.playOn(400, 1, 10000);
		// The first batch stepped aside, the next one failed too (an outage): it is retried, nothing else is formed
		// (no further batch steps aside, nothing is halved).
		expect(env.sent.size() > 6).toBe(true);
		const ids = new Set<string>();
		for (const batch of env.sent) ids.add(batch.batchId);
		expect(ids.size()).toBe(2);
		expect(env.sender.stats().quarantined).toBe(0);
	});

	it("an event replayed from another server's DataStore entry goes through the same rules", () => {
		const store = memoryDataStore();
		const closing = setup(() => reply(503, errorBody("unavailable", "down")), { store });
		for (let i = 1; i <= 30; i++) closing.sender.record(answerEvent(i === 11 ? POISONED_USER : 6000 + i));
		expect(closing.sender.flush(25).left).toBe(30);
		expect(spilledEvents(store, jobKey("job-a"))!.size()).toBe(30);

		const successor = setup(failsOnPoison, { store, jobId: "job-b" });
		successor.sender.replay();
		successor.playOn(1200, 60, 6100);
		expect(successor.sender.stats()).toMatchObject({ quarantined: 1, accepted: 29 + 20, buffered: 0 });
		expect(store.peek(jobKey("job-a"))).toBeUndefined();
		expect(store.data.size()).toBe(0);
	});

	it("a DataStore entry holding events the contract refuses is emptied once the others are delivered", () => {
		const store = memoryDataStore();
		const valid = { ...answerEvent(7001), eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e" };
		store.UpdateAsync("job/old", () => [valid, { kind: "answer_submitted", robloxUserId: 0, eventId: "not-a-uuid" }]);
		const env = setup(ack, { store, jobId: "job-c" });
		env.sender.replay();
		env.play(30);
		expect(env.sender.stats()).toMatchObject({ accepted: 1, buffered: 0 });
		expect(store.peek("job/old")).toBeUndefined();
		expect(store.data.size()).toBe(0);
	});
});

describe("isolation rules", () => {
	const rule = (facts: Partial<Parameters<typeof afterServerError>[0]>) =>
		afterServerError({ size: 10, serverErrors: 1, strikes: 0, healthy: false, otherWork: true, asideFree: true, ...facts }, DEFAULT_ISOLATION);

	it("without proof the service works: retry, then let other work go first, then halve a lone batch once", () => {
		expect(rule({ serverErrors: 1 })).toBe("retry");
		expect(rule({ serverErrors: DEFAULT_ISOLATION.stepAsideAfter })).toBe("step_aside");
		expect(rule({ serverErrors: DEFAULT_ISOLATION.stepAsideAfter, otherWork: false })).toBe("split");
		expect(rule({ serverErrors: DEFAULT_ISOLATION.stepAsideAfter, otherWork: false, size: 1 })).toBe("retry");
		// Another batch already stepped aside and this one fails too: an outage, so neither step aside nor halve.
		expect(rule({ serverErrors: DEFAULT_ISOLATION.stepAsideAfter, asideFree: false })).toBe("retry");
		expect(rule({ serverErrors: DEFAULT_ISOLATION.stepAsideAfter, asideFree: false, otherWork: false })).toBe("retry");
	});

	it("right after the service took another batch: halve, or strike a lone event and set it aside at the limit", () => {
		expect(rule({ healthy: true })).toBe("split");
		expect(rule({ healthy: true, size: 1, strikes: 1 })).toBe("step_aside");
		expect(rule({ healthy: true, size: 1, strikes: 1, otherWork: false })).toBe("retry");
		expect(rule({ healthy: true, size: 1, strikes: DEFAULT_ISOLATION.quarantineAfter })).toBe("quarantine");
	});
});

describe("ProgressSender without a service yet", () => {
	it("keeps and saves events while there is no client, and sends them at the first step after connect", () => {
		const env = setup(ack, { options: { checkpoint: 15 } }, true);
		for (let i = 1; i <= 12; i++) env.sender.record(answerEvent(8000 + i));
		env.play(40);
		expect(env.sent.size()).toBe(0);
		expect(env.sender.stats()).toMatchObject({ buffered: 12, connected: false });
		// Kept in the DataStore too: a server closing before the service answers leaves them for the next one.
		expect(spilledEvents(env.store, jobKey("job-a"))!.size()).toBe(12);
		env.sender.connect(env.client);
		env.play(1);
		expect(env.sent.size()).toBe(1);
		expect(env.sender.stats()).toMatchObject({ accepted: 12, buffered: 0, connected: true });
		expect(env.store.peek(jobKey("job-a"))).toBeUndefined();
	});

	it("a server closing before the service answered saves everything and sends nothing", () => {
		const env = setup(ack, {}, true);
		for (let i = 1; i <= 3; i++) env.sender.record(answerEvent(8100 + i));
		expect(env.sender.flush(25)).toEqual({ delivered: false, left: 3 });
		expect(env.sent.size()).toBe(0);
		expect(spilledEvents(env.store, jobKey("job-a"))!.size()).toBe(3);
	});
});
