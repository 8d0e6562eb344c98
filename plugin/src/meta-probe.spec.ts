import { describe, expect, it } from "@rbxts/jest-globals";
import { PROTOCOL_VERSION } from "@toolboxai/shared";
import { normaliseServerUrl, probeServer } from "@toolboxai/shared/out/luau";
import { fakeHttp, metaBody, reply } from "./fake-http.spec-util";

const URL = "http://toolboxai.test:8080";

describe("probeServer", () => {
	it("accepts a ToolBoxAI server of the same major version and strips fields it does not know", () => {
		const http = fakeHttp(() => reply(200, metaBody("1.4.2", `,"features":["lessons"]`)));
		const result = probeServer(http, URL);
		expect(result).toEqual({
			ok: true,
			serverUrl: URL,
			meta: { protocolVersion: "1.4.2", serverVersion: "0.1.0", serverTime: "2026-11-25T13:09:16.123Z" },
		});
	});

	it("asks GET <server>/v1/meta for JSON, whatever slashes and spaces the address carries", () => {
		const http = fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION)));
		probeServer(http, `  ${URL}//  `);
		expect(http.requests.size()).toBe(1);
		expect(http.requests[0]).toEqual({ Url: `${URL}/v1/meta`, Method: "GET", Headers: { Accept: "application/json" } });
	});

	it("says the server is down when nothing answers", () => {
		const http = fakeHttp(() => ({ throws: "HttpError: ConnectFail" }));
		const result = probeServer(http, URL);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.reason).toBe("server_down");
		expect(result.message).toBe(`Cannot reach the ToolBoxAI server at ${URL}. Check that it is running and that the address is right. (HttpError: ConnectFail)`);
	});

	it("points at the game setting when HTTP requests are switched off", () => {
		const http = fakeHttp(() => ({ throws: "Http requests are not enabled. Enable via game settings" }));
		const result = probeServer(http, URL);
		expect(result).toMatchObject({ ok: false, reason: "http_blocked" });
		if (!result.ok) expect(result.message.find("Allow HTTP Requests", 1, true)[0]).toBeDefined();
	});

	it("says it is not a ToolBoxAI server when /v1/meta is an HTML 404", () => {
		const http = fakeHttp(() => reply(404, "<html><body>Not Found</body></html>", "Not Found"));
		const result = probeServer(http, URL);
		expect(result).toMatchObject({ ok: false, reason: "not_toolboxai" });
		if (!result.ok) {
			expect(result.message).toBe(`${URL} answered, but it is not a ToolBoxAI server: GET /v1/meta gave 404 Not Found without JSON. Check the address.`);
		}
	});

	it("says it is not a ToolBoxAI server when a 200 reply is not JSON", () => {
		const result = probeServer(
			fakeHttp(() => reply(200, "<!doctype html><title>Router</title>")),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "not_toolboxai" });
	});

	it("says it is not a ToolBoxAI server when a JSON 404 is not our error shape", () => {
		const result = probeServer(
			fakeHttp(() => reply(404, `{"message":"Not Found"}`, "Not Found")),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "not_toolboxai" });
		if (!result.ok) expect(result.message.find("gave 404 Not Found.", 1, true)[0]).toBeDefined();
	});

	it("names the field that is wrong when JSON is not a Meta reply", () => {
		const result = probeServer(
			fakeHttp(() => reply(200, `{"name":"some other api"}`)),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "not_toolboxai" });
		if (!result.ok) expect(result.message.find("/protocolVersion that is required", 1, true)[0]).toBeDefined();
	});

	it("refuses another major protocol version and names both versions", () => {
		const result = probeServer(
			fakeHttp(() => reply(200, metaBody("2.0.0"))),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "protocol_mismatch" });
		if (!result.ok) {
			expect(result.message).toBe(
				`Cannot use this server: it speaks ToolBoxAI protocol 2.0.0, this copy speaks ${PROTOCOL_VERSION}. The server is newer: update the ToolBoxAI plugin or game modules.`,
			);
		}
	});

	it("judges the protocol before the rest of the reply, which a newer major may have changed", () => {
		const result = probeServer(
			fakeHttp(() => reply(200, `{"protocolVersion":"3.1.0","server":{"version":"9"}}`)),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "protocol_mismatch" });
	});

	it("tells an older server apart from a newer one", () => {
		const result = probeServer(
			fakeHttp(() => reply(200, metaBody("0.9.0"))),
			URL,
		);
		expect(result).toMatchObject({ ok: false, reason: "protocol_mismatch" });
		if (!result.ok) expect(result.message.find("The server is older", 1, true)[0]).toBeDefined();
	});

	it("passes on a ToolBoxAI error reply in plain words", () => {
		const body = `{"error":{"code":"unavailable","message":"The database is starting.","requestId":"req-42"}}`;
		const result = probeServer(
			fakeHttp(() => reply(503, body, "Service Unavailable")),
			URL,
		);
		expect(result).toEqual({
			ok: false,
			serverUrl: URL,
			reason: "server_error",
			message: `The ToolBoxAI server at ${URL} could not answer: The database is starting. (HTTP 503, unavailable, request req-42).`,
		});
	});

	it("refuses an address that is not http(s) without sending anything", () => {
		const http = fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION)));
		const result = probeServer(http, "toolboxai.test:8080");
		expect(result).toMatchObject({ ok: false, reason: "bad_address" });
		expect(http.requests.size()).toBe(0);
	});
});

describe("normaliseServerUrl", () => {
	it("keeps http and https addresses without the trailing slash", () => {
		expect(normaliseServerUrl("https://a.example.org/")).toBe("https://a.example.org");
		expect(normaliseServerUrl("HTTP://Host:1/base/")).toBe("HTTP://Host:1/base");
	});

	it("rejects what is not an address", () => {
		expect(normaliseServerUrl("")).toBeUndefined();
		expect(normaliseServerUrl("ftp://a.example.org")).toBeUndefined();
		expect(normaliseServerUrl("http://")).toBeUndefined();
	});
});
