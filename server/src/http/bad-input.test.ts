import { createServer, request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import pino from "pino";
import request, { type Response } from "supertest";
import { ErrorResponse, PROTOCOL_VERSION, ValidationErrorDetails } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { echoModule } from "./__tests__/echo-module";
import { answerClientErrorsAsJson } from "./client-error";
import { MAX_URI_LENGTH } from "./uri-length";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "./__tests__/harness";

const MAX_BODY_BYTES = 2048;
let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("bad_input");
	t = await startTestApp({ database, env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) }, extraModules: [echoModule] });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** Every error: the status, the one error shape, JSON, the request id in header and body, and nothing internal. */
function expectError(res: Response | RawResponse, status: number, code: string) {
	expect(res.status).toBe(status);
	expect(res.headers["content-type"]).toMatch(/^application\/json/);
	expect(res.headers["x-toolboxai-protocol"]).toBe(PROTOCOL_VERSION);
	const checked = parse(ErrorResponse, res.body, { unknownKeys: "reject" });
	expect(checked).toMatchObject({ ok: true });
	expect(res.body.error.code).toBe(code);
	expect(res.body.error.requestId).toBe(res.headers["x-request-id"]);
	expect(res.text).not.toMatch(LEAK_PATTERN);
	expect(res.text).not.toMatch(/<html/i);
	return res.body.error as { code: string; message: string; details?: unknown; requestId: string };
}

const echo = () => request(t.app).post("/v1/test/echo");

interface RawResponse {
	readonly status: number;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly text: string;
	readonly body: { error: { code: string; message: string; requestId: string } };
}

/**
 * Exact bytes over a real socket: supertest re-encodes Buffers under a JSON Content-Type and always sends a
 * Content-Length, which would hide the cases below. `chunks` are written one by one (chunked encoding).
 */
async function rawPost(headers: Record<string, string>, chunks: Array<string | Buffer>): Promise<RawResponse> {
	let server: Server | undefined;
	try {
		return await new Promise<RawResponse>((resolve, reject) => {
			server = t.app.listen(0, "127.0.0.1", () => {
				const { port } = server!.address() as AddressInfo;
				const req = httpRequest({ port, host: "127.0.0.1", method: "POST", path: "/v1/test/echo", headers }, (r) => {
					let text = "";
					r.on("data", (c: Buffer) => (text += c.toString()));
					r.on("end", () => resolve({ status: r.statusCode ?? 0, headers: r.headers, text, body: JSON.parse(text) }));
				});
				req.on("error", reject);
				for (const chunk of chunks) req.write(chunk);
				req.end();
			});
		});
	} finally {
		await new Promise((resolve) => server?.close(resolve));
	}
}

describe("bad input gets a structured 4xx", () => {
	it("accepts a valid body (the baseline the cases below break)", async () => {
		const res = await echo().send({ name: "Ada", items: [{ count: 2 }] });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ name: "Ada", items: [{ count: 2 }] });
	});

	it("malformed JSON → 400 malformed_json", async () => {
		const error = expectError(await echo().set("Content-Type", "application/json").send('{"name": "Ada",'), 400, "malformed_json");
		expect(error.message).toBe("The request body is not valid JSON.");
	});

	it("invalid UTF-8 → 400 malformed_json", async () => {
		const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","items":[]}')]);
		const error = expectError(await rawPost({ "Content-Type": "application/json", "Content-Length": String(bytes.length) }, [bytes]), 400, "malformed_json");
		expect(error.message).toBe("The request body is not valid UTF-8.");
	});

	it.each([
		["text/plain", "name=Ada"],
		["application/x-www-form-urlencoded", "name=Ada"],
		["application/json; charset=latin1", '{"name":"Ada","items":[]}'],
		[`application/${"x".repeat(5000)}+xml`, "<a/>"],
	])("Content-Type %# → 415 unsupported_media_type", async (type, body) => {
		expectError(await echo().set("Content-Type", type).send(body), 415, "unsupported_media_type");
	});

	it("a body with no Content-Type → 415", async () => {
		expectError(await rawPost({ "Content-Length": "2" }, ["{}"]), 415, "unsupported_media_type");
	});

	it("an unsupported Content-Encoding → 415", async () => {
		expectError(await echo().set("Content-Type", "application/json").set("Content-Encoding", "zstd-nope").send("{}"), 415, "unsupported_media_type");
	});

	it("a gzip body is inflated and accepted", async () => {
		const body = gzipSync(Buffer.from(JSON.stringify({ name: "Ada", items: [] })));
		const res = await rawPost({ "Content-Type": "application/json", "Content-Encoding": "gzip", "Content-Length": String(body.length) }, [body]);
		expect(res.status).toBe(200);
		expect((res.body as unknown as { name: string }).name).toBe("Ada");
	});

	it("a body over MAX_BODY_BYTES → 413 payload_too_large", async () => {
		const big = JSON.stringify({ name: "Ada", items: [], nickname: "x".repeat(MAX_BODY_BYTES) });
		const error = expectError(await echo().set("Content-Type", "application/json").send(big), 413, "payload_too_large");
		expect(error.message).toContain(String(MAX_BODY_BYTES));
	});

	it("a chunked body over MAX_BODY_BYTES (no Content-Length) → 413", async () => {
		const chunks = Array.from({ length: 8 }, () => "x".repeat(512));
		const res = await rawPost({ "Content-Type": "application/json" }, chunks);
		expectError(res, 413, "payload_too_large");
	});

	it("an unknown route → 404 not_found, for any method", async () => {
		const error = expectError(await request(t.app).get("/v1/nope"), 404, "not_found");
		expect(error.message).toBe("No route for GET /v1/nope");
		expectError(await request(t.app).post("/v1/nope").send({ a: 1 }), 404, "not_found");
	});

	it("a wrong method on a known path → 405 with Allow", async () => {
		const res = await request(t.app).delete("/v1/meta");
		expectError(res, 405, "method_not_allowed");
		expect(res.headers.allow).toBe("GET, HEAD");
		const onBodyRoute = await request(t.app).get("/v1/test/echo");
		expectError(onBodyRoute, 405, "method_not_allowed");
		expect(onBodyRoute.headers.allow).toBe("POST");
	});

	it("OPTIONS on a known path answers 204 with Allow", async () => {
		const res = await request(t.app).options("/v1/meta");
		expect(res.status).toBe(204);
		expect(res.headers.allow).toBe("GET, HEAD");
	});

	it("an address (path and query) longer than MAX_URI_LENGTH → 414 uri_too_long, whatever the route", async () => {
		const query = `?q=${"a".repeat(MAX_URI_LENGTH)}`;
		const error = expectError(await request(t.app).get(`/v1/meta${query}`), 414, "uri_too_long");
		expect(error.message).toContain(`longer than ${MAX_URI_LENGTH} characters`);
		expectError(await request(t.app).post(`/v1/test/echo${query}`).send({ name: "x" }), 414, "uri_too_long");
		expectError(await request(t.app).get(`/v1/${"p".repeat(MAX_URI_LENGTH)}`), 414, "uri_too_long");
		expect((await request(t.app).get(`/v1/meta?q=${"a".repeat(MAX_URI_LENGTH - 20)}`)).status).toBe(200);
	});

	it("a path parameter that is not valid percent-encoding → 400, not 500", async () => {
		expectError(await request(t.app).get("/v1/test/items/%E0%A4%A"), 400, "bad_request");
		const ok = await request(t.app).get("/v1/test/items/caf%C3%A9");
		expect(ok.body).toEqual({ itemId: "café" });
	});
});

describe("requests Node's HTTP parser rejects", () => {
	it.each([
		["a garbage request line", "NOT HTTP AT ALL\r\n\r\n", 400, "bad_request"],
		["oversized headers", `GET /v1/meta HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 400, "bad_request"],
		["a request line past Node's header limit", `GET /v1/meta?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, "uri_too_long"],
	])("%s → JSON %d %s", async (_label, raw, status, code) => {
		const server = createServer(t.app);
		answerClientErrorsAsJson(server, pino({ level: "silent" }));
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		try {
			const socket = connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port });
			let text = "";
			socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
			socket.end(raw);
			await new Promise((resolve) => socket.on("close", resolve));
			const [head = "", body = ""] = text.split("\r\n\r\n");
			expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
			expect(head).toMatch(/Content-Type: application\/json/);
			expect(head).toContain(`X-ToolBoxAI-Protocol: ${PROTOCOL_VERSION}`);
			const parsed = JSON.parse(body);
			expect(parse(ErrorResponse, parsed, { unknownKeys: "reject" })).toMatchObject({ ok: true });
			expect(parsed.error.code).toBe(code);
			expect(head).toContain(`X-Request-Id: ${parsed.error.requestId}`);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe("validation against the operation's contract", () => {
	it("reports every issue with a JSON Pointer path and rejects unknown keys", async () => {
		const res = await echo().send({ name: "", items: [{ count: 1 }, { count: -1 }, { count: "3" }], extra: true });
		const error = expectError(res, 422, "validation_failed");
		expect(error.details).toEqual({
			issues: expect.arrayContaining([
				expect.objectContaining({ path: "/name", code: "too_short" }),
				expect.objectContaining({ path: "/items/1/count", code: "too_small" }),
				expect.objectContaining({ path: "/items/2/count", code: "invalid_type" }),
				expect.objectContaining({ path: "/extra", code: "unknown_key" }),
			]),
		});
		expect((error.details as { issues: unknown[] }).issues).toHaveLength(4);
		expect(parse(ValidationErrorDetails, error.details, { unknownKeys: "reject" })).toMatchObject({ ok: true });
	});

	it("applies Roblox's null rules: a null member is absent", async () => {
		const optionalNull = await echo().set("Content-Type", "application/json").send('{"name":"Ada","nickname":null,"items":[]}');
		expect(optionalNull.status).toBe(200);
		expect(optionalNull.body).toEqual({ name: "Ada", items: [] });
		const requiredNull = await echo().set("Content-Type", "application/json").send('{"name":null,"items":[]}');
		const error = expectError(requiredNull, 422, "validation_failed");
		expect(error.details).toEqual({ issues: [{ path: "/name", code: "required", message: "is required" }] });
	});

	it("refuses a null array item (422 with its path) instead of dropping it, at any depth, trailing or not", async () => {
		const trailing = await echo().set("Content-Type", "application/json").send('{"name":"Ada","items":[null]}');
		expect(expectError(trailing, 422, "validation_failed").details).toEqual({ issues: [expect.objectContaining({ path: "/items/0", code: "invalid_type" })] });
		const nested = await echo().set("Content-Type", "application/json").send('{"name":"Ada","items":[{"count":1},null,{"count":2}],"nickname":null,"z":[[null]]}');
		const error = expectError(nested, 422, "validation_failed");
		expect((error.details as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toEqual(["/items/1", "/z/0/0"]);
		expect(parse(ValidationErrorDetails, error.details, { unknownKeys: "reject" })).toMatchObject({ ok: true });
	});

	it("refuses NUL and other control characters with the path and the character", async () => {
		const error = expectError(await echo().send({ name: "A\u0000da", items: [] }), 422, "validation_failed");
		expect(error.details).toEqual({ issues: [{ path: "/name", code: "control_character", message: expect.stringContaining("U+0000") }] });
		const bell = expectError(await echo().send({ name: "Ada", nickname: "\u0007", items: [] }), 422, "validation_failed");
		expect(bell.details).toEqual({ issues: [{ path: "/nickname", code: "control_character", message: expect.stringContaining("U+0007") }] });
		const lines = await echo().send({ name: "Ada", nickname: "two\r\nlines\tand a tab", items: [] });
		expect(lines.status).toBe(200);
	});

	it("a body operation called without a body → 422 naming the whole body", async () => {
		const error = expectError(await echo(), 422, "validation_failed");
		expect(error.details).toEqual({ issues: [expect.objectContaining({ path: "", code: "required" })] });
	});

	it("accepts application/*+json and an explicit UTF-8 charset", async () => {
		const res = await echo().set("Content-Type", "application/vnd.toolboxai+json; charset=UTF-8").send('{"name":"Ada","items":[]}');
		expect(res.status).toBe(200);
	});
});

describe("errors raised by handlers", () => {
	it("an AppError keeps its code, status and details", async () => {
		const error = expectError(await echo().send({ name: "Ada", items: [], fail: "conflict" }), 409, "conflict");
		expect(error).toMatchObject({ message: "That name is taken.", details: { name: "Ada" } });
	});

	it.each(["crash", "sql"])("an unexpected error (%s) → 500 internal with a fixed message; the cause is logged only", async (fail) => {
		const res = await echo().send({ name: "Ada", items: [], fail });
		const error = expectError(res, 500, "internal");
		expect(error.message).toBe("Something went wrong on our side. Quote the request id when asking for support.");
		expect(error.details).toBeUndefined();
		expect(res.text).not.toMatch(/secret|relation|users/);
		const logged = t.logs.find((line) => line.requestId === error.requestId && line.level === "error");
		expect(JSON.stringify(logged)).toMatch(fail === "crash" ? /reading 'secret'/ : /relation \\"users\\" does not exist/);
		expect(JSON.stringify(logged)).toContain("stack");
	});
});
