import { beforeEach, describe, expect, it } from "@rbxts/jest-globals";
import { PROTOCOL_VERSION, RuntimeWhoAmI } from "@toolboxai/shared";
import { SERVER_URL_ATTRIBUTE, STATUS_ATTRIBUTE, STATUS_MESSAGE_ATTRIBUTE } from "shared/attributes";
import { errorBody, type FakeReply, fakeHttp, fakeSecret, metaBody, reply } from "./fake-http.spec-util";
import { API_KEY_HEADER, API_KEY_SECRET, GAME_SERVER_HEADER } from "./service-client";
import { DEFAULT_START_RETRY, readServerUrl, runStartCheck, runStartCheckUntilDone, type StartCheck, type StartCheckDeps, WHOAMI_PATH } from "./start-check";

const URL = "http://toolboxai.test:8080";
const TENANT = "7d3c2b1a-0f9e-4d8c-8b7a-6e5f4d3c2b1a";
const KEY_ID = "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f";
const WHOAMI = `{"tenantId":"${TENANT}","apiKeyId":"${KEY_ID}","scopes":["runtime:read","progress:write"],"protocolVersion":"${PROTOCOL_VERSION}"}`;

/** A server that speaks our protocol and answers whoami with `whoami`. */
function service(whoami: FakeReply): (request: RequestAsyncRequest) => FakeReply {
	return (request) => (request.Url === `${URL}${WHOAMI_PATH}` ? whoami : reply(200, metaBody(PROTOCOL_VERSION)));
}

describe("runStartCheck", () => {
	let config: Folder;
	let status: Folder;
	let infos: Array<string>;
	let warnings: Array<string>;

	beforeEach(() => {
		config = new Instance("Folder");
		status = new Instance("Folder");
		infos = [];
		warnings = [];
	});

	function deps(http: StartCheckDeps["http"]): StartCheckDeps {
		return { http, config, status, info: (line) => infos.push(line), warn: (line) => warnings.push(line) };
	}

	it("uses a server that speaks our protocol and accepts the experience's key, and says so once", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, ` ${URL}/ `);
		const secret = fakeSecret("key");
		const http = fakeHttp(service(reply(200, WHOAMI)), { [API_KEY_SECRET]: secret });
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({
			ok: true,
			serverUrl: URL,
			// unknown reply fields (protocolVersion here) are stripped by the shared contract
			identity: { tenantId: TENANT, apiKeyId: KEY_ID, scopes: ["runtime:read", "progress:write"] },
		});
		expect(result.ok && result.identity).toEqual({ tenantId: TENANT, apiKeyId: KEY_ID, scopes: ["runtime:read", "progress:write"] });
		expect(http.requests.map((r) => r.Url)).toEqual([`${URL}/v1/meta`, `${URL}/v1/runtime/whoami`]);
		// the protocol check goes without the key; whoami carries it as it came from the Secrets store
		expect((http.requests[0].Headers as Record<string, unknown>)[API_KEY_HEADER]).toBeUndefined();
		expect((http.requests[1].Headers as Record<string, unknown>)[API_KEY_HEADER]).toBe(secret);
		const expected = `Using ToolBoxAI 0.1.0 at ${URL} (protocol ${PROTOCOL_VERSION}) for tenant ${TENANT}, key scopes: runtime:read, progress:write.`;
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("ready");
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toBe(expected);
		expect(infos).toEqual([`[ToolBoxAI] ${expected}`]);
		expect(warnings).toEqual([]);
	});

	it("sends the server's JobId with the key-bearing call, not with the keyless protocol check", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const jobId = "0f3a9c1e-7b2d-4e5f-8a9b-1c2d3e4f5a6b";
		const http = fakeHttp(service(reply(200, WHOAMI)), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck({ ...deps(http), jobId });
		expect(result.ok).toBe(true);
		expect(http.requests.map((r) => (r.Headers as Record<string, unknown>)[GAME_SERVER_HEADER])).toEqual([undefined, jobId]);
		expect((result.ok && result.client.call({ method: "GET", path: WHOAMI_PATH, schema: RuntimeWhoAmI })) || undefined).toBeDefined();
		expect((http.requests[2].Headers as Record<string, unknown>)[GAME_SERVER_HEADER]).toBe(jobId);
	});

	it("shares one word with clients: the address, the school and the key's scopes stay on the server side", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		runStartCheck(deps(fakeHttp(service(reply(200, WHOAMI)), { [API_KEY_SECRET]: fakeSecret("key") })));
		// `status` is ReplicatedStorage in the game (clients read it), `config` is ServerScriptService (they cannot).
		expect(status.GetAttributes()).toEqual({ [STATUS_ATTRIBUTE]: "ready" });
		const shared = game.GetService("HttpService").JSONEncode(status.GetAttributes());
		for (const secret of [URL, TENANT, KEY_ID, "runtime:read", "toolboxai.test"]) expect(shared.find(secret, 1, true)[0]).toBeUndefined();
		expect((config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE) as string).find(TENANT, 1, true)[0]).toBeDefined();
	});

	it("refuses, without crashing or calling whoami, when the experience has no toolboxai_api_key secret", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(service(reply(200, WHOAMI)));
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "no_secret" });
		expect(http.requests.map((r) => r.Url)).toEqual([`${URL}/v1/meta`]);
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		const message = config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE) as string;
		expect(message).toMatch("add a secret named toolboxai_api_key in Creator Hub › Secrets with a key made in the ToolBoxAI dashboard");
		expect(warnings).toEqual([`[ToolBoxAI] Lessons are off on this server. ${message}`]);
		expect(infos).toEqual([]);
	});

	it("refuses a key the service does not know (401), saying what to do", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(service(reply(401, errorBody("unauthenticated", "This operation needs a valid API key."))), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "key_rejected" });
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toMatch("it is not a key of any school, or it was revoked");
		expect(warnings.size()).toBe(1);
	});

	it("refuses a key without the runtime:read scope (403), naming the scope", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(service(reply(403, errorBody("forbidden", "This API key lacks the runtime:read scope."))), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "key_lacks_scope" });
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toMatch("This API key lacks the runtime:read scope.");
	});

	it("refuses when the server goes down between the protocol check and whoami", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(service({ throws: "HttpError: ConnectFail" }), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "server_down" });
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toMatch("Cannot reach the ToolBoxAI server");
	});

	it("refuses a whoami reply that breaks the contract", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(service(reply(200, `{"tenantId":"${TENANT}","scopes":["runtime:read"]}`)), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "bad_reply" });
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toMatch("apiKeyId");
	});

	it("refuses a server of another major version, naming both versions, before it reads the key", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const http = fakeHttp(() => reply(200, metaBody("2.0.0")), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = runStartCheck(deps(http));
		expect(http.secretReads).toEqual([]);
		expect(result).toMatchObject({ ok: false, reason: "protocol_mismatch" });
		const expected = `Cannot use this server: it speaks ToolBoxAI protocol 2.0.0, this copy speaks ${PROTOCOL_VERSION}. The server is newer: update the ToolBoxAI plugin or game modules.`;
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		expect(config.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toBe(expected);
		expect(warnings).toEqual([`[ToolBoxAI] Lessons are off on this server. ${expected}`]);
		expect(infos).toEqual([]);
	});

	it("says offline (worth another try, not refused) when the server is down", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const result = runStartCheck(deps(fakeHttp(() => ({ throws: "HttpError: ConnectFail" }))));
		expect(result).toMatchObject({ ok: false, reason: "server_down" });
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("offline");
		expect(warnings.size()).toBe(1);
		expect(warnings[0]).toMatch("lessons come from the deployed release and progress is kept");
	});

	it("refuses, without a request, when no server is configured", () => {
		const http = fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION)));
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "not_configured" });
		expect(http.requests.size()).toBe(0);
		expect(warnings).toEqual([
			`[ToolBoxAI] Lessons are off on this server. No ToolBoxAI server is configured: set the ${SERVER_URL_ATTRIBUTE} attribute on ServerScriptService to the service address.`,
		]);
	});
});

describe("runStartCheckUntilDone", () => {
	let config: Folder;
	let status: Folder;

	beforeEach(() => {
		config = new Instance("Folder");
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		status = new Instance("Folder");
	});

	/** A loop over `http`, recording its waits and each try's status word; `random` is the jitter. */
	function loop(http: StartCheckDeps["http"], random: () => number) {
		const waits = new Array<number>();
		const words = new Array<string>();
		const result = runStartCheckUntilDone({
			http,
			config,
			status,
			info: () => undefined,
			warn: () => undefined,
			sleep: (seconds) => waits.push(seconds),
			random,
			onTry: () => words.push(tostring(status.GetAttribute(STATUS_ATTRIBUTE))),
		});
		return { result, waits, words };
	}

	it("asks again with growing, jittered waits while nothing answers, and passes once the service is back", () => {
		let tries = 0;
		const http = fakeHttp(
			(request) => {
				if (request.Url === `${URL}/v1/meta`) tries += 1;
				if (tries <= 5) return { throws: "HttpError: ConnectFail" };
				return service(reply(200, WHOAMI))(request);
			},
			{ [API_KEY_SECRET]: fakeSecret("key") },
		);
		const jitter = [0, 0.5, 0.999, 0.25, 0.75];
		let draw = 0;
		const { result, waits, words } = loop(http, () => jitter[draw++ % jitter.size()]);
		expect(result.ok).toBe(true);
		expect(words).toEqual(["offline", "offline", "offline", "offline", "offline", "ready"]);
		expect(waits.size()).toBe(5);
		waits.forEach((wait, index) => {
			const step = math.min(DEFAULT_START_RETRY.cap, DEFAULT_START_RETRY.base * 2 ** index);
			// jitter keeps each wait in the upper half of its step, never all servers at the same moment
			expect(wait >= step / 2 && wait <= step).toBe(true);
			expect(wait).toBe(step / 2 + (step / 2) * jitter[index]);
		});
	});

	it("keeps asking through 5xx and 429 answers, and never waits longer than the cap", () => {
		let tries = 0;
		const http = fakeHttp(
			(request) => {
				if (request.Url !== `${URL}${WHOAMI_PATH}`) return reply(200, metaBody(PROTOCOL_VERSION));
				tries += 1;
				if (tries <= 10) return tries % 2 === 0 ? reply(503, errorBody("unavailable", "down")) : reply(429, errorBody("rate_limited", "slow"));
				return reply(200, WHOAMI);
			},
			{ [API_KEY_SECRET]: fakeSecret("key") },
		);
		const { result, waits } = loop(http, () => 0.999);
		expect(result.ok).toBe(true);
		expect(waits.size()).toBe(10);
		for (const wait of waits) expect(wait <= DEFAULT_START_RETRY.cap).toBe(true);
	});

	it("stops at a refusal a retry cannot change (a key the service does not know), after an outage", () => {
		let tries = 0;
		const http = fakeHttp(
			(request) => {
				tries += 1;
				if (tries <= 2) return { throws: "HttpError: ConnectFail" };
				return service(reply(401, errorBody("unauthenticated", "This operation needs a valid API key.")))(request);
			},
			{ [API_KEY_SECRET]: fakeSecret("key") },
		);
		const { result, waits, words } = loop(http, () => 0.5);
		expect(result).toMatchObject({ ok: false, reason: "key_rejected" });
		expect(waits.size()).toBe(2);
		expect(words).toEqual(["offline", "offline", "refused"]);
	});

	it("does not ask again when no server is configured", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, undefined);
		const { result, waits } = loop(
			fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION))),
			() => 0.5,
		);
		expect((result as StartCheck).ok).toBe(false);
		expect(waits).toEqual([]);
	});
});

describe("readServerUrl", () => {
	it("reads the attribute, trimmed, and treats blank or non-text values as missing", () => {
		const config = new Instance("Folder");
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, "   ");
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, 8080);
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, "  https://a.example.org ");
		expect(readServerUrl(config)).toBe("https://a.example.org");
	});
});
