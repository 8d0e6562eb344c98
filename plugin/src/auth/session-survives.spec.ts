import { describe, expect, it } from "@rbxts/jest-globals";
import { callService } from "./auth-http";
import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError, tokens } from "./fake-auth.spec-util";
import { REFRESH_RETRY_WAITS, SIGNED_OUT_ELSEWHERE, SignIn } from "./sign-in";
import { SESSION_SETTING } from "./token-store";
import { hostOf, sendsTokensInTheClear } from "./transport";

/**
 * A Studio session that survives real use: refreshes retried on 429/5xx/no answer (only the service's refusal ends
 * the session), windows sharing one session through the plugin settings, a denied HTTP permission and plain http
 * said in plain words. Each of these failed on the plugin before (any 4xx ended the session, no retries, no sync,
 * "cannot reach server" for a denied permission, tokens sent over plain http without a word).
 */
const URL = "https://toolboxai.test";

function sharedSettings(accessExpiresAt: number) {
	return fakeSettings({ [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt } });
}

/** A server whose refresh answers come from `answers` in order (then the last one again). */
function refreshServer(answers: Array<FakeAnswer>, onRefresh?: (request: FakeRequest) => void) {
	let n = 0;
	return fakeAuthHttp((request) => {
		if (request.url !== `${URL}/v1/auth/refresh`) return serviceError(404, "not_found");
		onRefresh?.(request);
		const answer = answers[math.min(n, answers.size() - 1)];
		n += 1;
		return answer;
	});
}

describe("refreshing a Studio session", () => {
	it("waits out a 429 and retries with the same token instead of ending the session", () => {
		const time = fakeTime();
		const settings = sharedSettings(time.now() + 10);
		const http = refreshServer([serviceError(429, "rate_limited", "Too many requests.", { retryAfterSeconds: 3 }), tokens(2)]);
		const signIn = new SignIn({ http, settings, now: time.now, wait: time.wait });
		expect(signIn.accessToken()).toBe("access-2");
		expect(time.waits).toEqual([3]);
		expect(http.to("/v1/auth/refresh").map((r) => r.body)).toEqual([{ refreshToken: "rt_0" }, { refreshToken: "rt_0" }]);
		expect(signIn.getState().status).toBe("signed_in");
	});

	it("retries 5xx and a lost reply with backoff, inside the service's reuse interval", () => {
		const time = fakeTime();
		const settings = sharedSettings(time.now() + 10);
		const http = refreshServer([serviceError(503, "unavailable"), { throws: "HttpError: Timedout" }, tokens(4)]);
		const signIn = new SignIn({ http, settings, now: time.now, wait: time.wait });
		expect(signIn.accessToken()).toBe("access-4");
		expect(time.waits).toEqual([REFRESH_RETRY_WAITS[0], REFRESH_RETRY_WAITS[1]]);
		let total = 0;
		for (const seconds of REFRESH_RETRY_WAITS) total += seconds;
		expect(total < 30).toBe(true);
		expect((settings.values[SESSION_SETTING] as { refreshToken: string }).refreshToken).toBe("rt_4");
	});

	it("gives up for now after the last retry but keeps the session for the next try", () => {
		const time = fakeTime();
		const settings = sharedSettings(time.now() + 10);
		const http = refreshServer([serviceError(502, "upstream_failed")]);
		const signIn = new SignIn({ http, settings, now: time.now, wait: time.wait });
		expect(signIn.refresh().ok).toBe(false);
		expect(http.to("/v1/auth/refresh").size()).toBe(REFRESH_RETRY_WAITS.size() + 1);
		expect(settings.values[SESSION_SETTING]).toBeDefined();
		expect(signIn.getState().status).toBe("signed_in");
	});

	it("ends the session only when the service refuses the token, saying why", () => {
		const time = fakeTime();
		const settings = sharedSettings(time.now());
		const http = refreshServer([serviceError(401, "unauthenticated", "This refresh token is not valid any more.", { reason: "admin" })]);
		const signIn = new SignIn({ http, settings, now: time.now, wait: time.wait });
		expect(signIn.accessToken()).toBe(undefined);
		expect(time.waits).toEqual([]);
		expect(settings.values[SESSION_SETTING]).toBe(undefined);
		expect(signIn.getState()).toEqual({ status: "signed_out", message: "A school admin ended this Studio sign-in, or your access to the school changed. Sign in again." });
	});
});

describe("several Studio windows share one session", () => {
	it("takes the tokens another window stored while this one was retrying", () => {
		const time = fakeTime();
		const settings = sharedSettings(time.now() + 10);
		const http = refreshServer([serviceError(503, "unavailable")]);
		const signIn = new SignIn({
			http,
			settings,
			now: time.now,
			wait: (seconds) => {
				time.wait(seconds);
				settings.SetSetting(SESSION_SETTING, { serverUrl: URL, accessToken: "access-other", refreshToken: "rt_other", accessExpiresAt: time.now() + 900 });
			},
		});
		expect(signIn.accessToken()).toBe("access-other");
		expect(http.to("/v1/auth/refresh").size()).toBe(1);
	});

	it("shows a sign-in and a sign-out made in another window", () => {
		const settings = fakeSettings();
		const http = fakeAuthHttp(() => ({ status: 200, body: {} }));
		const first = new SignIn({ http, settings });
		const second = new SignIn({ http, settings });
		settings.SetSetting(SESSION_SETTING, { serverUrl: URL, accessToken: "access-1", refreshToken: "rt_1", accessExpiresAt: os.time() + 900 });
		expect(first.sync()).toEqual({ status: "signed_in", serverUrl: URL });
		expect(second.sync()).toEqual({ status: "signed_in", serverUrl: URL });
		first.signOut();
		expect(second.sync()).toEqual({ status: "signed_out", message: SIGNED_OUT_ELSEWHERE });
		expect(second.accessToken()).toBe(undefined);
	});
});

describe("where tokens go", () => {
	it("warns before signing in over plain http to another computer, and goes ahead when asked again", () => {
		const http = fakeAuthHttp(() => serviceError(400, "authorization_pending"));
		let signIn: SignIn | undefined;
		signIn = new SignIn({ http, settings: fakeSettings(), wait: () => signIn?.cancel() });
		const first = signIn.start("http://school-server.lan:8080");
		expect(first.status).toBe("error");
		expect(first.status === "error" && first.reason).toBe("insecure");
		expect(first.status === "error" && first.message.find("unencrypted", 1, true)[0] !== undefined).toBe(true);
		expect(http.requests.size()).toBe(0);
		signIn.start("http://school-server.lan:8080");
		expect(http.to("/v1/auth/device/code").size()).toBe(1);
	});

	it("does not warn for this computer or for https", () => {
		for (const url of ["http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080", "https://toolboxai.example.org"]) {
			expect(sendsTokensInTheClear(url)).toBe(false);
		}
		expect(sendsTokensInTheClear("http://10.0.0.5")).toBe(true);
		expect(sendsTokensInTheClear("http://localhost.evil.example")).toBe(true);
		expect(hostOf("https://user@Toolbox.Example.org:443/x")).toBe("toolbox.example.org");
	});

	it("says how to allow the domain when Studio denies the plugin's HTTP permission", () => {
		const http = fakeAuthHttp(() => ({ throws: "HttpError: The user has denied HTTP permission for this plugin" }));
		const result = callService(http, { url: "https://toolboxai.example.org/v1/meta", method: "GET" });
		expect(result.ok).toBe(false);
		const message = result.ok ? "" : result.message;
		expect(message.find("Manage Plugins", 1, true)[0] !== undefined).toBe(true);
		expect(message.find("toolboxai.example.org", 1, true)[0] !== undefined).toBe(true);
		const offline = callService(
			fakeAuthHttp(() => ({ throws: "HttpError: ConnectFail" })),
			{ url: "https://toolboxai.example.org/v1/meta", method: "GET" },
		);
		expect(offline.ok === false && offline.message.find("Cannot reach", 1, true)[0] !== undefined).toBe(true);
	});
});
