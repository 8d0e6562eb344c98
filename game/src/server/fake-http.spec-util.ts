import { HttpService } from "@rbxts/services";
import type { ServiceHttp } from "./service-client";
// NOTE: RequestAsync/JSONDecode as in plugin/src/fake-http.spec-util.ts (the two roblox-ts projects cannot share
// files), plus the Secrets store and JSONEncode the game server uses.

/** Test helper for specs (".spec-util": kept out of the production builds like the specs): an HttpService stand-in whose RequestAsync answers from a script. */
export interface FakeHttp extends ServiceHttp {
	readonly requests: Array<RequestAsyncRequest>;
	/** Names GetSecret was asked for, in order. */
	readonly secretReads: Array<string>;
}

export type FakeReply = RequestAsyncResponse | { readonly throws: string };

export function reply(statusCode: number, body: string, statusMessage = statusCode === 200 ? "OK" : "Error"): RequestAsyncResponse {
	return {
		Success: statusCode >= 200 && statusCode <= 299,
		StatusCode: statusCode,
		StatusMessage: statusMessage,
		Headers: {},
		Body: body,
	};
}

export function metaBody(protocolVersion: string, extra = ""): string {
	return `{"protocolVersion":"${protocolVersion}","serverVersion":"0.1.0","serverTime":"2026-11-25T13:09:16.123Z"${extra}}`;
}

export function errorBody(code: string, message: string): string {
	return `{"error":{"code":"${code}","message":"${message}","requestId":"req-1"}}`;
}

/**
 * A stand-in for a Roblox Secret: what Roblox forbids with one (printing it, joining it to a string) raises here,
 * so a spec fails if the code under test tries. Specs compare it by identity to see it reached a header as it is.
 */
export function fakeSecret(label: string): Secret {
	const refuse = () => error(`a Secret (${label}) cannot be printed or joined to a string`, 2);
	return setmetatable({ label }, { __tostring: refuse, __concat: refuse }) as unknown as Secret;
}

/**
 * `answer` may yield (task.wait) to model a slow server. JSONDecode/JSONEncode are the real ones (the harness's
 * Roblox-exact shim). `secrets` plays the experience's Secrets store; a missing name raises Roblox's error.
 */
export function fakeHttp(answer: (request: RequestAsyncRequest) => FakeReply, secrets: Record<string, Secret> = {}): FakeHttp {
	const requests = new Array<RequestAsyncRequest>();
	const secretReads = new Array<string>();
	return {
		requests,
		secretReads,
		RequestAsync(request: RequestAsyncRequest): RequestAsyncResponse {
			requests.push(request);
			const result = answer(request);
			// level 0: engine errors carry no "script:line:" prefix
			if ("throws" in result) error(result.throws, 0);
			return result;
		},
		JSONDecode(input: string): unknown {
			return HttpService.JSONDecode(input);
		},
		JSONEncode(input: unknown): string {
			return HttpService.JSONEncode(input);
		},
		GetSecret(key: string): Secret {
			secretReads.push(key);
			const secret = secrets[key];
			if (secret === undefined) error("Can't find secret with given key", 0);
			return secret;
		},
	};
}
