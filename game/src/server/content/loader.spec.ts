import { describe, expect, it } from "@rbxts/jest-globals";
import type { ActiveLessons } from "@toolboxai/shared";
import { errorBody, fakeHttp, fakeSecret, reply, type FakeReply } from "../fake-http.spec-util";
import { fakeClock } from "../progress/fakes.spec-util";
import { API_KEY_SECRET, createServiceClient } from "../service-client";
import { ACTIVE_LESSONS_PATH, createContentLoader } from "./loader";

const URL = "http://toolboxai.test:8080";
const LESSON = "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b";

function body(title: string): string {
	return `{"items":[{"lessonId":"${LESSON}","version":"1.0.0","extra":"dropped","content":{"schemaVersion":1,"title":"${title}","steps":[{"kind":"instruction","id":"intro","text":"Hi"}]}}]}`;
}

function withTag(tag: string, text: string): RequestAsyncResponse {
	return { ...reply(200, text), Headers: { etag: tag } };
}

const NOT_MODIFIED: RequestAsyncResponse = { Success: false, StatusCode: 304, StatusMessage: "Not Modified", Headers: {}, Body: "" };

function setup(answers: Array<FakeReply>) {
	const clock = fakeClock();
	const http = fakeHttp(
		(request) => {
			expect(request.Url).toBe(`${URL}${ACTIVE_LESSONS_PATH}`);
			expect(request.Method).toBe("GET");
			const scripted = answers.shift();
			if (scripted === undefined) error("no scripted reply left");
			return scripted;
		},
		{ [API_KEY_SECRET]: fakeSecret("key") },
	);
	const created = createServiceClient(http, URL);
	if (!created.ok) error(created.message);
	const warnings = new Array<string>();
	const loader = createContentLoader({
		client: created.client,
		now: () => clock.now(),
		random: () => 0.5,
		warn: (line) => warnings.push(line),
		interval: 60,
		backoff: { base: 5, cap: 300 },
	});
	const changes = new Array<string>();
	loader.onChanged((content) => changes.push(content.items[0].content.title));
	return { clock, http, loader, warnings, changes };
}

function ifNoneMatch(request: RequestAsyncRequest): unknown {
	return request.Headers === undefined ? undefined : (request.Headers as Record<string, unknown>)["If-None-Match"];
}

describe("content loader", () => {
	it("loads, strips unknown fields, keeps the ETag and sends it back; a 304 keeps the cache and fires nothing", () => {
		const env = setup([withTag(`"v1"`, body("Fractions")), NOT_MODIFIED]);
		expect(env.loader.step()).toBe("changed");
		expect(ifNoneMatch(env.http.requests[0])).toBe(undefined);
		expect(env.loader.etag()).toBe(`"v1"`);
		expect((env.loader.current()!.items[0] as unknown as { extra?: string }).extra).toBe(undefined);
		expect(env.changes).toEqual(["Fractions"]);
		// Not due before the interval.
		env.clock.advance(59);
		expect(env.loader.step()).toBe(undefined);
		expect(env.http.requests.size()).toBe(1);
		env.clock.advance(1);
		expect(env.loader.step()).toBe("unchanged");
		expect(ifNoneMatch(env.http.requests[1])).toBe(`"v1"`);
		expect(env.loader.current()!.items[0].content.title).toBe("Fractions");
		expect(env.changes).toEqual(["Fractions"]);
		expect(env.loader.nextPollAt()).toBe(env.clock.now() + 60);
	});

	it("replaces the content and its tag when the service has new content", () => {
		const env = setup([withTag(`"v1"`, body("Fractions")), withTag(`"v2"`, body("Decimals"))]);
		env.loader.poll();
		expect(env.loader.poll()).toBe("changed");
		expect(env.loader.etag()).toBe(`"v2"`);
		expect(env.changes).toEqual(["Fractions", "Decimals"]);
	});

	it("backs off exponentially with jitter while the service is down and keeps the last good content", () => {
		const down: FakeReply = { throws: "HttpError: ConnectFail" };
		const env = setup([withTag(`"v1"`, body("Fractions")), down, down, down, withTag(`"v1"`, body("Fractions"))]);
		env.loader.poll();
		const waits = new Array<number>();
		for (let i = 0; i < 3; i++) {
			const before = env.clock.now();
			expect(env.loader.poll()).toBe("failed");
			waits.push(env.loader.nextPollAt() - before);
			expect(env.loader.current()!.items[0].content.title).toBe("Fractions");
		}
		// random 0.5 keeps 3/4 of each step: 5, 10, 20 s steps.
		expect(waits).toEqual([3.75, 7.5, 15]);
		expect(env.loader.failures()).toBe(3);
		expect(env.warnings[2]).toMatch("playing the last content loaded");
		// Back: the schedule returns to the interval, same tag means no change event.
		expect(env.loader.poll()).toBe("unchanged");
		expect(env.loader.failures()).toBe(0);
		expect(env.changes).toEqual(["Fractions"]);
	});

	it("caps the backoff and honours Retry-After on 429", () => {
		const limited: RequestAsyncResponse = { ...reply(429, errorBody("rate_limited", "Slow down.")), Headers: { "Retry-After": "120" } };
		const env = setup([limited, { throws: "HttpError: ConnectFail" }]);
		env.loader.poll();
		expect(env.loader.nextPollAt() - env.clock.now()).toBe(120);
		const downs = new Array<FakeReply>();
		for (let i = 0; i < 12; i++) downs.push({ throws: "HttpError: ConnectFail" });
		const capped = setup(downs);
		for (let i = 0; i < 12; i++) capped.loader.poll();
		expect(capped.loader.nextPollAt() - capped.clock.now()).toBe(300 * 0.75);
	});

	it("ignores a reply the shared contract refuses and keeps the last good content", () => {
		const env = setup([withTag(`"v1"`, body("Fractions")), withTag(`"v9"`, `{"items":[{"lessonId":"not-a-uuid","version":"x"}]}`)]);
		env.loader.poll();
		expect(env.loader.poll()).toBe("failed");
		expect(env.loader.etag()).toBe(`"v1"`);
		expect(env.loader.current()!.items[0].content.title).toBe("Fractions");
		expect(env.changes).toEqual(["Fractions"]);
	});

	it("sends no If-None-Match before it has content (a 304 would leave nothing to play)", () => {
		const env = setup([{ throws: "HttpError: ConnectFail" }, withTag(`"v1"`, body("Fractions"))]);
		env.loader.poll();
		expect(env.loader.current()).toBe(undefined);
		expect(env.warnings[0]).toMatch("no lessons yet");
		env.loader.poll();
		expect(ifNoneMatch(env.http.requests[1])).toBe(undefined);
		expect(env.changes).toEqual(["Fractions"]);
	});

	it("plays fallback content (a deployed release's lessons) only while it has none, until the service's first answer", () => {
		const env = setup([{ throws: "HttpError: ConnectFail" }, withTag(`"v1"`, body("Fractions"))]);
		env.loader.poll();
		const fallback: ActiveLessons = {
			items: [{ lessonId: LESSON, version: "0.9.0", content: { schemaVersion: 1, title: "From the release", steps: [{ kind: "instruction", id: "intro", text: "Hi" }] } }],
		};
		expect(env.loader.useFallback(fallback)).toBe(true);
		expect(env.loader.current()!.items[0].content.title).toBe("From the release");
		expect(env.loader.etag()).toBe(undefined);
		// The service answers: its content replaces the fallback, which is never used again.
		expect(env.loader.poll()).toBe("changed");
		expect(ifNoneMatch(env.http.requests[1])).toBe(undefined);
		expect(env.loader.useFallback(fallback)).toBe(false);
		expect(env.changes).toEqual(["From the release", "Fractions"]);
	});

	it("on 402 subscription_ended drops the content, says ended (once), refuses a fallback; a later 200 restores play", () => {
		const ended = reply(402, errorBody("subscription_ended", "Your school's subscription has ended."));
		const env = setup([withTag(`"v1"`, body("Fractions")), ended, { throws: "HttpError: ConnectFail" }, ended, withTag(`"v1"`, body("Fractions"))]);
		let ends = 0;
		env.loader.onEnded(() => {
			ends += 1;
		});
		env.loader.poll();
		expect(env.loader.ended()).toBe(false);
		expect(env.loader.poll()).toBe("ended");
		expect(env.loader.ended()).toBe(true);
		expect(env.loader.current()).toBe(undefined);
		expect(env.loader.etag()).toBe(undefined);
		expect(ends).toBe(1);
		// An answer, not an outage: no backoff, the next poll at the interval.
		expect(env.loader.failures()).toBe(0);
		expect(env.loader.nextPollAt()).toBe(env.clock.now() + 60);
		// The release's lessons are the school's too: not played while ended.
		const fallback: ActiveLessons = {
			items: [{ lessonId: LESSON, version: "0.9.0", content: { schemaVersion: 1, title: "From the release", steps: [{ kind: "instruction", id: "intro", text: "Hi" }] } }],
		};
		expect(env.loader.useFallback(fallback)).toBe(false);
		// The service down while ended: still ended, nothing to play.
		expect(env.loader.poll()).toBe("failed");
		expect(env.loader.ended()).toBe(true);
		expect(env.warnings[env.warnings.size() - 1]).toMatch("subscription had ended");
		expect(env.loader.poll()).toBe("ended");
		expect(ends).toBe(1);
		// Subscribed again: the same content (same tag, asked without one) plays again.
		expect(env.loader.poll()).toBe("changed");
		expect(ifNoneMatch(env.http.requests[4])).toBe(undefined);
		expect(env.loader.ended()).toBe(false);
		expect(env.loader.current()!.items[0].content.title).toBe("Fractions");
		expect(env.changes).toEqual(["Fractions", "Fractions"]);
	});
});

describe("content loader before the service answered", () => {
	it("asks nothing without a client, plays a fallback meanwhile, and polls at the next step once connected", () => {
		const clock = fakeClock();
		const asked = new Array<string>();
		const http = fakeHttp(
			(request) => {
				asked.push(tostring(request.Url));
				return withTag(`"v1"`, body("From the service"));
			},
			{ [API_KEY_SECRET]: fakeSecret("key") },
		);
		const created = createServiceClient(http, URL);
		if (!created.ok) error(created.message);
		const loader = createContentLoader({ now: () => clock.now(), random: () => 0.5, warn: () => undefined });
		for (let i = 0; i < 10; i++) {
			expect(loader.step()).toBeUndefined();
			clock.advance(60);
		}
		expect(asked).toEqual([]);
		const fallback: ActiveLessons = {
			items: [{ lessonId: LESSON, version: "1.0.0", content: { schemaVersion: 1, title: "From the release", steps: [{ kind: "instruction", id: "intro", text: "Hi" }] } }],
		};
		expect(loader.useFallback(fallback)).toBe(true);
		loader.connect(created.client);
		expect(loader.step()).toBe("changed");
		expect(asked).toEqual([`${URL}${ACTIVE_LESSONS_PATH}`]);
		expect(loader.current()?.items[0].content.title).toBe("From the service");
	});
});
