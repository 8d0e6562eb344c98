import { describe, expect, it } from "@rbxts/jest-globals";
import { RuntimeWhoAmI } from "@toolboxai/shared";
import { errorBody, fakeHttp, fakeSecret, reply } from "./fake-http.spec-util";
import { API_KEY_HEADER, API_KEY_SECRET, createServiceClient, GAME_SERVER_HEADER, readApiKey, type ServiceClient } from "./service-client";

const URL = "http://toolboxai.test:8080";
const TENANT = "7d3c2b1a-0f9e-4d8c-8b7a-6e5f4d3c2b1a";
const KEY_ID = "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f";
const WHOAMI = `{"tenantId":"${TENANT}","apiKeyId":"${KEY_ID}","scopes":["runtime:read"]}`;

function clientFor(http: Parameters<typeof createServiceClient>[0]): ServiceClient {
	const created = createServiceClient(http, URL);
	if (!created.ok) error(`expected a client, got: ${created.message}`);
	return created.client;
}

describe("readApiKey", () => {
	it("reads the toolboxai_api_key secret and hands back the Secret itself", () => {
		const secret = fakeSecret("key");
		const http = fakeHttp(() => reply(200, "{}"), { [API_KEY_SECRET]: secret });
		const read = readApiKey(http);
		expect(read.ok).toBe(true);
		expect(read.ok && read.key).toBe(secret);
		expect(http.secretReads).toEqual(["toolboxai_api_key"]);
	});

	it("turns a missing secret into plain advice instead of an error", () => {
		const read = readApiKey(fakeHttp(() => reply(200, "{}")));
		expect(read).toEqual({
			ok: false,
			reason: "no_secret",
			message:
				"No API key for ToolBoxAI: add a secret named toolboxai_api_key in Creator Hub › Secrets with a key made in the ToolBoxAI dashboard, " +
				"then restart the servers (Play in Studio reads local secrets from Game Settings instead). (Can't find secret with given key)",
		});
	});
});

describe("ServiceClient.call", () => {
	it("sends the Secret untouched as the X-Api-Key header and returns the checked reply, unknown fields stripped", () => {
		const secret = fakeSecret("key");
		const http = fakeHttp(() => reply(200, `{"tenantId":"${TENANT}","apiKeyId":"${KEY_ID}","scopes":["runtime:read"],"plan":"pro"}`), {
			[API_KEY_SECRET]: secret,
		});
		const result = clientFor(http).call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		expect(result).toEqual({ ok: true, value: { tenantId: TENANT, apiKeyId: KEY_ID, scopes: ["runtime:read"] } });
		const request = http.requests[0];
		expect(request.Url).toBe(`${URL}/v1/runtime/whoami`);
		expect(request.Method).toBe("GET");
		expect(request.Body).toBeUndefined();
		const headers = request.Headers as Record<string, unknown>;
		expect(headers[API_KEY_HEADER]).toBe(secret);
		expect(headers.Accept).toBe("application/json");
		expect(headers["Content-Type"]).toBeUndefined();
	});

	it("names its game server (game.JobId) in X-Roblox-Job-Id on every call, so the service limits it per server", () => {
		const jobId = "0f3a9c1e-7b2d-4e5f-8a9b-1c2d3e4f5a6b";
		const http = fakeHttp(() => reply(200, WHOAMI), { [API_KEY_SECRET]: fakeSecret("key") });
		const created = createServiceClient(http, URL, jobId);
		if (!created.ok) error(created.message);
		created.client.call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		created.client.call({ method: "POST", path: "/v1/echo", body: {}, schema: RuntimeWhoAmI });
		expect(http.requests.map((r) => (r.Headers as Record<string, unknown>)[GAME_SERVER_HEADER])).toEqual([jobId, jobId]);
	});

	it("leaves X-Roblox-Job-Id out for Studio's empty JobId and for anything that is not a JobId", () => {
		for (const jobId of [undefined, "", "a b", "x".rep(65), "id;drop"]) {
			const http = fakeHttp(() => reply(200, WHOAMI), { [API_KEY_SECRET]: fakeSecret("key") });
			const created = createServiceClient(http, URL, jobId);
			if (!created.ok) error(created.message);
			created.client.call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
			expect((http.requests[0].Headers as Record<string, unknown>)[GAME_SERVER_HEADER]).toBeUndefined();
		}
	});

	it("reads the secret once per client, not per call", () => {
		const http = fakeHttp(() => reply(200, WHOAMI), { [API_KEY_SECRET]: fakeSecret("key") });
		const client = clientFor(http);
		client.call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		client.call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		expect(http.secretReads.size()).toBe(1);
		expect(http.requests.size()).toBe(2);
	});

	it("encodes a body as JSON", () => {
		const http = fakeHttp(() => reply(200, WHOAMI), { [API_KEY_SECRET]: fakeSecret("key") });
		clientFor(http).call({ method: "POST", path: "/v1/echo", body: { a: 1 }, schema: RuntimeWhoAmI });
		expect(http.requests[0].Body).toBe(`{"a":1}`);
		expect((http.requests[0].Headers as Record<string, unknown>)["Content-Type"]).toBe("application/json");
	});

	it("says a 401 means the key is unknown or revoked, and what to do", () => {
		const http = fakeHttp(() => reply(401, errorBody("unauthenticated", "This operation needs a valid API key.")), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = clientFor(http).call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		expect(result).toEqual({
			ok: false,
			reason: "key_rejected",
			status: 401,
			message:
				`The ToolBoxAI server at ${URL} does not accept the API key in the toolboxai_api_key secret: it is not a key of any school, or it was revoked. ` +
				"Make a new key in the ToolBoxAI dashboard, put it in the secret and restart the servers (running servers keep the secret they started with). " +
				"(HTTP 401, unauthenticated, request req-1)",
		});
	});

	it("passes on the service's words for a 403 (which scope is missing)", () => {
		const http = fakeHttp(() => reply(403, errorBody("forbidden", "This API key lacks the runtime:read scope.")), { [API_KEY_SECRET]: fakeSecret("key") });
		const result = clientFor(http).call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
		expect(result).toMatchObject({ ok: false, reason: "key_lacks_scope", status: 403 });
		expect(!result.ok && result.message).toBe(
			"The API key in the toolboxai_api_key secret may not do GET /v1/runtime/whoami: This API key lacks the runtime:read scope. " +
				"Make a key with that scope in the ToolBoxAI dashboard and put it in the secret. (HTTP 403, forbidden, request req-1)",
		);
	});

	it("tells rate limits, other service errors, foreign replies and bad shapes apart", () => {
		const answers = [
			[reply(429, errorBody("rate_limited", "Too many requests with this API key. Try again in 12 seconds.")), "rate_limited"],
			[reply(503, errorBody("unavailable", "The database is not reachable.")), "server_error"],
			[reply(502, "<html>Bad Gateway</html>", "Bad Gateway"), "bad_reply"],
			[reply(200, "<html>welcome</html>"), "bad_reply"],
			[reply(200, `{"tenantId":"not-a-uuid","apiKeyId":"${KEY_ID}","scopes":[]}`), "bad_reply"],
		] as const;
		for (const [answer, reason] of answers) {
			const http = fakeHttp(() => answer, { [API_KEY_SECRET]: fakeSecret("key") });
			const result = clientFor(http).call({ method: "GET", path: "/v1/runtime/whoami", schema: RuntimeWhoAmI });
			expect(result).toMatchObject({ ok: false, reason });
		}
		const shaped = clientFor(fakeHttp(() => answers[4][0], { [API_KEY_SECRET]: fakeSecret("key") })).call({
			method: "GET",
			path: "/v1/runtime/whoami",
			schema: RuntimeWhoAmI,
		});
		expect(!shaped.ok && shaped.message).toMatch("has /tenantId that must be a valid uuid");
	});

	it("reports transport failures: server down, HTTP switched off", () => {
		const down = clientFor(fakeHttp(() => ({ throws: "HttpError: ConnectFail" }), { [API_KEY_SECRET]: fakeSecret("key") })).call({
			method: "GET",
			path: "/v1/runtime/whoami",
			schema: RuntimeWhoAmI,
		});
		expect(down).toMatchObject({ ok: false, reason: "server_down" });
		expect(!down.ok && down.message).toBe(
			`Cannot reach the ToolBoxAI server at ${URL} (GET /v1/runtime/whoami). Check that it is running and that the address is right. (HttpError: ConnectFail)`,
		);
		const blocked = clientFor(fakeHttp(() => ({ throws: "Http requests are not enabled. Enable via game settings" }), { [API_KEY_SECRET]: fakeSecret("key") })).call({
			method: "GET",
			path: "/v1/runtime/whoami",
			schema: RuntimeWhoAmI,
		});
		expect(blocked).toMatchObject({ ok: false, reason: "http_blocked" });
	});
});

describe("createServiceClient", () => {
	it("gives the no-secret advice, and no client, when the experience has no key", () => {
		const http = fakeHttp(() => reply(200, WHOAMI));
		const created = createServiceClient(http, URL);
		expect(created).toMatchObject({ ok: false, reason: "no_secret" });
		expect(http.requests.size()).toBe(0);
	});
});
