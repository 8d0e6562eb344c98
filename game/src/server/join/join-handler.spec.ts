import { describe, expect, it } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import { errorBody, fakeHttp, fakeSecret, reply, type FakeReply } from "../fake-http.spec-util";
import { fakeClock } from "../progress/fakes.spec-util";
import { API_KEY_SECRET, createServiceClient } from "../service-client";
import { createJoinHandler, JOIN_PATH, trimDisplayName } from "./join-handler";

const URL = "http://toolboxai.test:8080";
const JOINED = `{"classId":"6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b","className":"Period 3 Fractions","studentUserId":"00000000-0000-4000-8000-000000000002","robloxUserId":1234567,"alreadyMember":false}`;
const PLAYER = { UserId: 1234567, DisplayName: "BlockBuilder42" };

function setup(answer: (body: Record<string, unknown>) => FakeReply = () => reply(200, JOINED)) {
	const clock = fakeClock();
	const bodies = new Array<Record<string, unknown>>();
	const http = fakeHttp(
		(request) => {
			expect(request.Url).toBe(`${URL}${JOIN_PATH}`);
			expect(request.Method).toBe("POST");
			const body = HttpService.JSONDecode(request.Body!) as Record<string, unknown>;
			bodies.push(body);
			return answer(body);
		},
		{ [API_KEY_SECRET]: fakeSecret("key") },
	);
	const created = createServiceClient(http, URL);
	if (!created.ok) error(created.message);
	const warnings = new Array<string>();
	const handler = createJoinHandler({ client: created.client, now: () => clock.now(), warn: (line) => warnings.push(line) });
	return { clock, bodies, handler, warnings };
}

describe("class join: argument guards", () => {
	const bad: Array<[string, unknown]> = [
		["nil", undefined],
		["a number", 1234567],
		["NaN", 0 / 0],
		["a boolean", true],
		["a table", { code: "HKM7RTX" }],
		["a nested table", [[["HKM7RTX"]]]],
		["a huge string", string.rep("H", 100000)],
		["a short string", "HKM"],
		["letters codes never use", "HELLO12"],
		["the wrong length", "HKM7RTXX"],
		["a function", () => "HKM7RTX"],
	];
	for (const [what, value] of bad) {
		it(`answers bad_code to ${what} and never calls the service`, () => {
			const env = setup();
			expect(env.handler.handle(PLAYER, value)).toEqual({ status: "bad_code" });
			expect(env.bodies.size()).toBe(0);
		});
	}

	it("uppercases and strips separators, and sends only the code, the UserId and the display name", () => {
		const env = setup();
		expect(env.handler.handle(PLAYER, "hkm-7rt x")).toEqual({ status: "joined", className: "Period 3 Fractions", classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" });
		expect(env.bodies).toEqual([{ joinCode: "HKM7RTX", robloxUserId: 1234567, displayName: "BlockBuilder42" }]);
	});

	it("cuts a display name to 40 characters on a character boundary", () => {
		const [length] = utf8.len(trimDisplayName(string.rep("é", 60), 1));
		expect(length).toBe(40);
		expect(trimDisplayName("", 99)).toBe("Player99");
		const env = setup();
		env.handler.handle({ UserId: 5, DisplayName: string.rep("a", 80) }, "HKM7RTX");
		expect(env.bodies[0].displayName).toBe(string.rep("a", 40));
	});
});

describe("class join: rate limit", () => {
	it("allows 5 tries a minute per player, counts malformed ones, and frees a try as the window slides", () => {
		const env = setup(() => reply(404, errorBody("not_found", "No such class.")));
		for (let i = 0; i < 4; i++) expect(env.handler.handle(PLAYER, "HKM7RTX")).toEqual({ status: "wrong_code" });
		expect(env.handler.handle(PLAYER, 42)).toEqual({ status: "bad_code" });
		expect(env.handler.handle(PLAYER, "HKM7RTX")).toEqual({ status: "try_later" });
		expect(env.bodies.size()).toBe(4);
		// Another player is not held back by this one.
		expect(env.handler.handle({ UserId: 2, DisplayName: "Other" }, "HKM7RTX")).toEqual({ status: "wrong_code" });
		env.clock.advance(60);
		expect(env.handler.handle(PLAYER, "HKM7RTX")).toEqual({ status: "wrong_code" });
	});

	it("counts tries by UserId until the window passes, whatever Player object they come with (a rejoin is no reset)", () => {
		const env = setup(() => reply(404, errorBody("not_found", "No such class.")));
		for (let i = 0; i < 5; i++) env.handler.handle(PLAYER, "HKM7RTX");
		const rejoined = { UserId: PLAYER.UserId, DisplayName: PLAYER.DisplayName };
		expect(env.handler.handle(rejoined, "HKM7RTX")).toEqual({ status: "try_later" });
		env.clock.advance(60);
		expect(env.handler.handle(rejoined, "HKM7RTX")).toEqual({ status: "wrong_code" });
	});
});

describe("class join: answers", () => {
	const cases: Array<[string, FakeReply, string]> = [
		["404 (unknown, rotated, expired or archived)", reply(404, errorBody("not_found", "No such class.")), "wrong_code"],
		["422 (a code the service refuses)", reply(422, errorBody("validation_failed", "joinCode is too long.")), "wrong_code"],
		["409 (the school's seats are all taken)", reply(409, errorBody("seat_limit_reached", "Your school has used all 5 of its student seats.")), "class_full"],
		["402 (the school's subscription has ended)", reply(402, errorBody("subscription_ended", "Your school's subscription has ended.")), "subscription_ended"],
		["429", reply(429, errorBody("rate_limited", "Slow down.")), "try_later"],
		["500", reply(500, errorBody("internal", "Boom at db.ts:12")), "try_later"],
		["403 (key lacks classes:join)", reply(403, errorBody("forbidden", "Needs classes:join.")), "try_later"],
		["no answer", { throws: "HttpError: ConnectFail" }, "try_later"],
		["a reply of the wrong shape", reply(200, `{"className":5}`), "try_later"],
	];
	for (const [what, answer, status] of cases) {
		it(`maps ${what} to ${status}, with no server detail for the client`, () => {
			const env = setup(() => answer);
			const got = env.handler.handle(PLAYER, "HKM7RTX");
			expect(got).toEqual({ status });
			if (status === "try_later") expect(env.warnings.size()).toBe(1);
		});
	}
});

describe("class join while the service cannot be reached", () => {
	function offlineSetup(answer: (body: Record<string, unknown>) => FakeReply, offline: boolean) {
		const clock = fakeClock();
		const bodies = new Array<Record<string, unknown>>();
		const http = fakeHttp(
			(request) => {
				const body = HttpService.JSONDecode(request.Body!) as Record<string, unknown>;
				bodies.push(body);
				return answer(body);
			},
			{ [API_KEY_SECRET]: fakeSecret("key") },
		);
		const created = createServiceClient(http, URL);
		if (!created.ok) error(created.message);
		const warnings = new Array<string>();
		const waits = new Array<number>();
		const handler = createJoinHandler({
			now: () => clock.now(),
			warn: (line) => warnings.push(line),
			offline: () => offline,
			sleep: (seconds) => waits.push(seconds),
		});
		return { handler, bodies, warnings, waits, client: created.client };
	}

	it("keeps a well-formed code (the student plays now) and sends it first thing once the service answers", () => {
		const env = offlineSetup(() => reply(200, JOINED), true);
		expect(env.handler.handle(PLAYER, "hkm-7rtx")).toEqual({ status: "joined_offline" });
		expect(env.handler.handle({ UserId: 7, DisplayName: "Seven" }, "nope")).toEqual({ status: "bad_code" });
		expect(env.handler.pending()).toEqual([PLAYER.UserId]);
		expect(env.bodies).toEqual([]);
		expect(env.handler.connect(env.client)).toEqual([
			{ userId: PLAYER.UserId, answer: { status: "joined", className: "Period 3 Fractions", classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" } },
		]);
		expect(env.bodies).toEqual([{ joinCode: "HKM7RTX", robloxUserId: 1234567, displayName: "BlockBuilder42" }]);
		expect(env.handler.pending()).toEqual([]);
		// From now on joins go to the service at once.
		expect(env.handler.handle({ UserId: 8, DisplayName: "Eight" }, "HKM7RTX")).toEqual({
			status: "joined",
			className: "Period 3 Fractions",
			classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
		});
	});

	it("tries a kept join again when the service fails, and reports a code it refuses", () => {
		let calls = 0;
		const env = offlineSetup(() => {
			calls += 1;
			return calls <= 2 ? reply(503, errorBody("unavailable", "down")) : reply(404, errorBody("not_found", "No such class."));
		}, true);
		env.handler.handle(PLAYER, "HKM7RTX");
		expect(env.handler.connect(env.client)).toEqual([{ userId: PLAYER.UserId, answer: { status: "wrong_code" } }]);
		expect(env.bodies.size()).toBe(3);
		expect(env.waits.size()).toBe(2);
		expect(env.warnings[env.warnings.size() - 1]).toMatch("the service will refuse their kept progress");
	});

	it("keeps nothing on a server the service refused (lessons are off there): try later", () => {
		const env = offlineSetup(() => reply(200, JOINED), false);
		expect(env.handler.handle(PLAYER, "HKM7RTX")).toEqual({ status: "try_later" });
		expect(env.handler.pending()).toEqual([]);
	});
});
