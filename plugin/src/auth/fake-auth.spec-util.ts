import { HttpService } from "@rbxts/services";
import type { AuthHttp } from "./auth-http";
import type { PluginSettings } from "./token-store";

/** Test helpers for the sign-in specs (".spec-util": kept out of the production builds like the specs). */

export interface FakeRequest {
	readonly url: string;
	readonly method: string;
	readonly headers: Record<string, string>;
	readonly body: Record<string, unknown> | undefined;
}

export type FakeAnswer = { readonly status: number; readonly body: unknown } | { readonly throws: string };

export interface FakeAuthHttp extends AuthHttp {
	readonly requests: Array<FakeRequest>;
	/** Requests whose URL ends with `path`. */
	to(path: string): Array<FakeRequest>;
}

/** An HttpService stand-in: `answer` plays the server. JSON goes through the real (harness) HttpService. */
export function fakeAuthHttp(answer: (request: FakeRequest) => FakeAnswer): FakeAuthHttp {
	const requests = new Array<FakeRequest>();
	return {
		requests,
		to(path: string) {
			return requests.filter((r) => r.url.sub(-path.size()) === path);
		},
		RequestAsync(request: RequestAsyncRequest): RequestAsyncResponse {
			const seen: FakeRequest = {
				url: request.Url as string,
				method: request.Method ?? "GET",
				headers: (request.Headers ?? {}) as Record<string, string>,
				body: request.Body === undefined ? undefined : (HttpService.JSONDecode(request.Body) as Record<string, unknown>),
			};
			requests.push(seen);
			const result = answer(seen);
			if ("throws" in result) error(result.throws, 0);
			return {
				Success: result.status >= 200 && result.status <= 299,
				StatusCode: result.status,
				StatusMessage: result.status === 200 ? "OK" : "Error",
				Headers: {},
				Body: result.body === undefined ? "" : HttpService.JSONEncode(result.body),
			};
		},
		JSONDecode(input: string): unknown {
			return HttpService.JSONDecode(input);
		},
		JSONEncode(input: unknown): string {
			return HttpService.JSONEncode(input);
		},
	};
}

export function serviceError(status: number, code: string, message = code, details?: unknown): FakeAnswer {
	const problem: Record<string, unknown> = { code, message, requestId: "req-1" };
	if (details !== undefined) problem.details = details;
	return { status, body: { error: problem } };
}

export function tokens(n: number, expiresIn = 900): FakeAnswer {
	return { status: 200, body: { accessToken: `access-${n}`, refreshToken: `rt_${n}`, expiresIn, tokenType: "Bearer" } };
}

export const CODE_REPLY: FakeAnswer = {
	status: 200,
	body: {
		deviceCode: "dc_secret",
		userCode: "BDFG-HJKL",
		verificationUri: "http://toolboxai.test/device",
		verificationUriComplete: "http://toolboxai.test/device?code=BDFG-HJKL",
		interval: 5,
		expiresIn: 600,
	},
};

/** plugin:GetSetting/SetSetting over a table. */
export function fakeSettings(initial: Record<string, unknown> = {}): PluginSettings & { readonly values: Record<string, unknown> } {
	const values: Record<string, unknown> = { ...initial };
	return {
		values,
		GetSetting(key: string): unknown {
			return values[key];
		},
		SetSetting(key: string, value: unknown): void {
			values[key] = value;
		},
	};
}

/** A clock that only moves when the code under test waits; every wait is recorded. */
export function fakeTime(start = 1_000_000): { now: () => number; wait: (seconds: number) => void; readonly waits: Array<number>; advance(seconds: number): void } {
	let current = start;
	const waits = new Array<number>();
	return {
		waits,
		now: () => current,
		wait: (seconds) => {
			waits.push(seconds);
			current += seconds;
		},
		advance(seconds) {
			current += seconds;
		},
	};
}
