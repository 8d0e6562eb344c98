import { describe, expect, it } from "@rbxts/jest-globals";
import { describeSignIn, REFRESH_RETRY_WAITS, SignIn, type SignInState } from "./sign-in";
import { CODE_REPLY, type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError, tokens } from "./fake-auth.spec-util";
import { SESSION_SETTING } from "./token-store";

const URL = "https://toolboxai.test";

/** A server that answers the token poll from `polls` in order (then keeps answering the last one). */
function deviceServer(polls: Array<FakeAnswer>, extra?: (request: FakeRequest) => FakeAnswer | undefined) {
	let poll = 0;
	return fakeAuthHttp((request) => {
		const special = extra?.(request);
		if (special !== undefined) return special;
		if (request.url === `${URL}/v1/auth/device/code`) return CODE_REPLY;
		if (request.url === `${URL}/v1/auth/device/token`) {
			const answer = polls[math.min(poll, polls.size() - 1)];
			poll += 1;
			return answer;
		}
		return serviceError(404, "not_found");
	});
}

function signedInSettings(accessExpiresAt: number) {
	return fakeSettings({
		[SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt },
	});
}

describe("SignIn: the device flow", () => {
	it("asks for a code, shows it, polls at the interval and stores the tokens once approved", () => {
		const pending = serviceError(400, "authorization_pending");
		const http = deviceServer([pending, pending, tokens(1)]);
		const settings = fakeSettings();
		const time = fakeTime();
		const signIn = new SignIn({ http, settings, wait: time.wait, now: time.now, deviceName: "Studio on LAB-PC-07" });
		const seen = new Array<string>();
		signIn.onChange((state) => seen.push(state.status));

		const final = signIn.start(URL);

		expect(final).toEqual({ status: "signed_in", serverUrl: URL });
		expect(time.waits).toEqual([5, 5, 5]);
		expect(http.to("/v1/auth/device/code")[0].body).toEqual({ clientId: "toolboxai-studio-plugin", deviceName: "Studio on LAB-PC-07" });
		expect(http.to("/v1/auth/device/token").size()).toBe(3);
		for (const poll of http.to("/v1/auth/device/token")) expect(poll.body).toEqual({ deviceCode: "dc_secret" });
		expect(settings.values[SESSION_SETTING]).toEqual({
			serverUrl: URL,
			accessToken: "access-1",
			refreshToken: "rt_1",
			accessExpiresAt: 1_000_000 + 15 + 900,
		});
		task.wait(); // listeners run on their own threads
		expect(seen).toEqual(["requesting_code", "awaiting_approval", "signed_in"]);
	});

	it("shows the user code and where to enter it while waiting", () => {
		const http = deviceServer([serviceError(400, "authorization_pending")]);
		const time = fakeTime();
		let signIn: SignIn | undefined;
		let shown: SignInState | undefined;
		signIn = new SignIn({
			http,
			settings: fakeSettings(),
			now: time.now,
			wait: (seconds) => {
				time.wait(seconds);
				shown = signIn?.getState();
				signIn?.cancel();
			},
		});
		signIn.start(URL);
		expect(shown).toEqual({
			status: "awaiting_approval",
			serverUrl: URL,
			userCode: "BDFG-HJKL",
			verificationUri: "http://toolboxai.test/device",
			verificationUriComplete: "http://toolboxai.test/device?code=BDFG-HJKL",
			expiresAt: 1_000_000 + 600,
			interval: 5,
		});
		expect(describeSignIn(shown as SignInState)).toBe("Go to http://toolboxai.test/device and enter the code BDFG-HJKL. This window signs in once a teacher approves it.");
	});

	it("slows down when told to: the interval the service names, else 5 s more", () => {
		const http = deviceServer([serviceError(400, "slow_down", "too fast", { interval: 10 }), serviceError(400, "slow_down", "too fast"), tokens(1)]);
		const time = fakeTime();
		const signIn = new SignIn({ http, settings: fakeSettings(), wait: time.wait, now: time.now });
		expect(signIn.start(URL).status).toBe("signed_in");
		expect(time.waits).toEqual([5, 10, 15]);
	});

	it("ends in an error when a teacher denies", () => {
		const time = fakeTime();
		const settings = fakeSettings();
		const signIn = new SignIn({ http: deviceServer([serviceError(400, "access_denied")]), settings, wait: time.wait, now: time.now });
		const final = signIn.start(URL);
		expect(final).toEqual({
			status: "error",
			serverUrl: URL,
			reason: "denied",
			message: "A teacher denied this sign-in. Press Sign in to try again.",
		});
		expect(settings.values[SESSION_SETTING]).toBe(undefined);
	});

	it("ends in an error when the service says the code expired", () => {
		const time = fakeTime();
		const signIn = new SignIn({ http: deviceServer([serviceError(400, "expired_token")]), settings: fakeSettings(), wait: time.wait, now: time.now });
		const final = signIn.start(URL);
		expect(final.status).toBe("error");
		if (final.status !== "error") return;
		expect(final.reason).toBe("expired");
	});

	it("stops polling by itself once the code's lifetime is over", () => {
		const http = deviceServer([serviceError(400, "authorization_pending")]);
		const time = fakeTime();
		const signIn = new SignIn({ http, settings: fakeSettings(), wait: time.wait, now: time.now });
		const final = signIn.start(URL);
		expect(final.status).toBe("error");
		if (final.status !== "error") return;
		expect(final.reason).toBe("expired");
		expect(http.to("/v1/auth/device/token").size()).toBe(119); // 600 s / 5 s, the last wait lands on the expiry
	});

	it("refuses a code reply that does not match the contract", () => {
		const http = fakeAuthHttp(() => ({ status: 200, body: { deviceCode: "dc", interval: 5 } }));
		const signIn = new SignIn({ http, settings: fakeSettings(), wait: () => undefined });
		const final = signIn.start(URL);
		expect(final.status).toBe("error");
		if (final.status !== "error") return;
		expect(final.reason).toBe("bad_reply");
		// Names the first missing field (which one comes first depends on Luau's table order).
		const prefix = `The server's reply to ${URL}/v1/auth/device/code has `;
		expect(final.message.sub(1, prefix.size())).toBe(prefix);
		const named = ["userCode", "verificationUri", "expiresIn"].filter((field) => final.message.find(field, 1, true)[0] !== undefined);
		expect(named.size()).toBeGreaterThan(0);
	});

	it("says so when the server cannot be reached", () => {
		const http = fakeAuthHttp(() => ({ throws: "HttpError: ConnectFail" }));
		const final = new SignIn({ http, settings: fakeSettings(), wait: () => undefined }).start(URL);
		expect(final).toEqual({
			status: "error",
			serverUrl: URL,
			reason: "unreachable",
			message: "Cannot reach the ToolBoxAI server (HttpError: ConnectFail).",
		});
	});

	it("stops polling when cancelled, and a second start while waiting changes nothing", () => {
		const http = deviceServer([serviceError(400, "authorization_pending")]);
		let signIn: SignIn | undefined;
		let secondStart: SignInState | undefined;
		let waits = 0;
		signIn = new SignIn({
			http,
			settings: fakeSettings(),
			wait: () => {
				waits += 1;
				if (waits === 1) secondStart = signIn?.start(URL);
				if (waits === 2) signIn?.cancel();
			},
		});
		expect(signIn.start(URL)).toEqual({ status: "signed_out" });
		expect(secondStart?.status).toBe("awaiting_approval");
		expect(http.to("/v1/auth/device/code").size()).toBe(1);
		expect(http.to("/v1/auth/device/token").size()).toBe(1);
	});
});

describe("SignIn: the stored session", () => {
	it("starts signed in when the settings hold a session", () => {
		const signIn = new SignIn({ http: deviceServer([]), settings: signedInSettings(2_000_000) });
		expect(signIn.getState()).toEqual({ status: "signed_in", serverUrl: URL });
		expect(new SignIn({ http: deviceServer([]), settings: fakeSettings({ [SESSION_SETTING]: { serverUrl: URL } }) }).getState().status).toBe("signed_out");
	});

	it("uses the stored access token while it has more than a minute left", () => {
		const time = fakeTime();
		const http = deviceServer([]);
		const signIn = new SignIn({ http, settings: signedInSettings(time.now() + 61), now: time.now });
		expect(signIn.accessToken()).toBe("access-0");
		expect(http.requests.size()).toBe(0);
	});

	it("refreshes before the access token expires and replaces the stored refresh token", () => {
		const time = fakeTime();
		const settings = signedInSettings(time.now() + 60);
		const http = deviceServer([], (request) => (request.url === `${URL}/v1/auth/refresh` ? tokens(2) : undefined));
		const signIn = new SignIn({ http, settings, now: time.now });
		expect(signIn.accessToken()).toBe("access-2");
		expect(http.to("/v1/auth/refresh")[0].body).toEqual({ refreshToken: "rt_0" });
		expect(settings.values[SESSION_SETTING]).toEqual({ serverUrl: URL, accessToken: "access-2", refreshToken: "rt_2", accessExpiresAt: time.now() + 900 });
	});

	it("refreshes once after a 401 and retries the call with the new token", () => {
		const time = fakeTime();
		const http = deviceServer([], (request) => {
			if (request.url === `${URL}/v1/auth/refresh`) return tokens(3);
			if (request.url === `${URL}/v1/auth/me`) {
				return request.headers.Authorization === "Bearer access-3" ? { status: 200, body: { hello: "teacher" } } : serviceError(401, "unauthenticated");
			}
			return undefined;
		});
		const signIn = new SignIn({ http, settings: signedInSettings(time.now() + 600), now: time.now });
		const result = signIn.call({ path: "/v1/auth/me", method: "GET" });
		expect(result.ok).toBe(true);
		expect(http.requests.map((r) => r.url)).toEqual([`${URL}/v1/auth/me`, `${URL}/v1/auth/refresh`, `${URL}/v1/auth/me`]);
	});

	it("ends the session when the service refuses the refresh token", () => {
		const time = fakeTime();
		const settings = signedInSettings(time.now());
		const http = deviceServer([], (request) => (request.url === `${URL}/v1/auth/refresh` ? serviceError(401, "unauthenticated", "This session has ended.") : undefined));
		const signIn = new SignIn({ http, settings, now: time.now });
		expect(signIn.accessToken()).toBe(undefined);
		expect(settings.values[SESSION_SETTING]).toBe(undefined);
		expect(signIn.getState()).toEqual({ status: "signed_out", message: "Your ToolBoxAI sign-in has ended. Sign in again." });
	});

	it("keeps the session when the server is only unreachable", () => {
		const time = fakeTime();
		const settings = signedInSettings(time.now() + 30);
		const http = fakeAuthHttp(() => ({ throws: "HttpError: ConnectFail" }));
		const signIn = new SignIn({ http, settings, now: time.now, wait: time.wait });
		expect(signIn.accessToken()).toBe("access-0");
		// Tried again after each of the retry waits, then left for the next use.
		expect(http.requests.size()).toBe(REFRESH_RETRY_WAITS.size() + 1);
		expect(signIn.refresh().ok).toBe(false);
		expect(signIn.getState().status).toBe("signed_in");
		expect(settings.values[SESSION_SETTING]).toBeDefined();
	});

	it("signs out: revokes the session on the service and forgets the tokens", () => {
		const settings = signedInSettings(2_000_000);
		const http = deviceServer([], (request) => (request.url === `${URL}/v1/auth/logout` ? { status: 204, body: undefined } : undefined));
		const signIn = new SignIn({ http, settings });
		signIn.signOut();
		const [logout] = http.to("/v1/auth/logout");
		expect(logout.method).toBe("POST");
		expect(logout.headers.Authorization).toBe("Bearer access-0");
		expect(logout.body).toEqual({ refreshToken: "rt_0" });
		expect(settings.values[SESSION_SETTING]).toBe(undefined);
		expect(signIn.getState()).toEqual({ status: "signed_out" });
	});

	it("forgets the tokens even when the service cannot be told", () => {
		const settings = signedInSettings(2_000_000);
		const signIn = new SignIn({ http: fakeAuthHttp(() => ({ throws: "HttpError: ConnectFail" })), settings });
		signIn.signOut();
		expect(settings.values[SESSION_SETTING]).toBe(undefined);
		expect(signIn.getState().status).toBe("signed_out");
	});
});
