import { HttpService } from "@rbxts/services";
import type { MetaHttp } from "@toolboxai/shared/out/luau";

/** Test helper for specs (".spec-util": kept out of the production builds like the specs): an HttpService stand-in whose RequestAsync answers from a script. */
export interface FakeHttp extends MetaHttp {
	readonly requests: Array<RequestAsyncRequest>;
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

/** `answer` may yield (task.wait) to model a slow server. JSONDecode is the real one (the harness's Roblox-exact shim). */
export function fakeHttp(answer: (request: RequestAsyncRequest) => FakeReply): FakeHttp {
	const requests = new Array<RequestAsyncRequest>();
	return {
		requests,
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
	};
}
