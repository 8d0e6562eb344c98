/** Raw-body routes (http/raw-body.ts) through the real stack: the test echo route takes bytes and answers their hash. */
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import request from "supertest";
import { ErrorResponse } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { echoModule, RAW_ECHO_MAX_BYTES } from "./__tests__/echo-module";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "./__tests__/harness";
import { RouteRegistry } from "./registry";
import type { AnyRouteDefinition } from "./route";

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("raw_body");
	t = await startTestApp({ database, extraModules: [echoModule] });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const put = () => request(t.app).put("/v1/test/blobs/one");

function expectError(res: { status: number; body: unknown; text: string }, status: number, code: string): { message: string } {
	expect({ status: res.status, code: (res.body as { error?: { code?: string } }).error?.code }).toEqual({ status, code });
	expect(parse(ErrorResponse, res.body, { unknownKeys: "reject" })).toMatchObject({ ok: true });
	expect(res.text).not.toMatch(LEAK_PATTERN);
	return (res.body as { error: { message: string } }).error;
}

/** Exact headers and chunks over a socket (supertest always sends a true Content-Length). */
async function rawPut(headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: unknown; text: string; bytesWritten: number; connection?: string }> {
	let server: Server | undefined;
	try {
		return await new Promise((resolve, reject) => {
			server = t.app.listen(0, "127.0.0.1", () => {
				const { port } = server!.address() as AddressInfo;
				let bytesWritten = 0;
				const req = httpRequest({ port, host: "127.0.0.1", method: "PUT", path: "/v1/test/blobs/one", headers }, (r) => {
					let text = "";
					r.on("data", (c: Buffer) => (text += c.toString()));
					r.on("end", () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(text), text, bytesWritten, connection: r.headers.connection }));
				});
				// The server may answer (and close) before the whole body is sent: that is the point of some cases.
				req.on("error", reject);
				for (const chunk of chunks) {
					req.write(chunk);
					bytesWritten += chunk.length;
				}
				req.end();
			});
		});
	} finally {
		await new Promise((resolve) => server?.close(resolve));
	}
}

it("hands the exact bytes (any value, not UTF-8) to the handler as a Buffer", async () => {
	const bytes = Buffer.concat([Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x89]), randomBytes(1000)]);
	const res = await put().set("Content-Type", "application/octet-stream").send(bytes);
	expect(res.status).toBe(200);
	expect(res.body).toEqual({ size: bytes.length, sha256: sha(bytes), sha256WhileReceiving: sha(bytes), isBuffer: true });
});

it("a chunked body (no Content-Length) arrives whole, hashed while it arrived", async () => {
	const chunks = [randomBytes(700), randomBytes(1), randomBytes(900)];
	const res = await rawPut({ "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" }, chunks);
	const whole = Buffer.concat(chunks);
	expect(res.body).toEqual({ size: whole.length, sha256: sha(whole), sha256WhileReceiving: sha(whole), isBuffer: true });
});

it("a compressed body is refused (415): files are sent as they are", async () => {
	expectError(
		await put()
			.set("Content-Type", "application/octet-stream")
			.set("Content-Encoding", "gzip")
			.send(gzipSync(Buffer.from("abc"))),
		415,
		"unsupported_media_type",
	);
});

it("accepts every declared type, with parameters and in any case", async () => {
	const bytes = randomBytes(64);
	for (const type of ["image/png", "Application/Octet-Stream", "application/octet-stream; name=logo.png"]) {
		const res = await put().set("Content-Type", type).send(bytes);
		expect({ type, status: res.status, sha256: res.body.sha256 }).toEqual({ type, status: 200, sha256: sha(bytes) });
	}
});

it("exactly maxBytes passes; one more is 413 payload_too_large", async () => {
	const limit = randomBytes(RAW_ECHO_MAX_BYTES);
	expect((await put().set("Content-Type", "application/octet-stream").send(limit)).body.size).toBe(RAW_ECHO_MAX_BYTES);
	const error = expectError(
		await put()
			.set("Content-Type", "application/octet-stream")
			.send(randomBytes(RAW_ECHO_MAX_BYTES + 1)),
		413,
		"payload_too_large",
	);
	expect(error.message).toContain(String(RAW_ECHO_MAX_BYTES));
});

it("a Content-Length over the limit is refused before any byte is sent", async () => {
	const res = await rawPut({ "Content-Type": "application/octet-stream", "Content-Length": String(RAW_ECHO_MAX_BYTES * 1000) }, []);
	expect(res.bytesWritten).toBe(0);
	expectError(res, 413, "payload_too_large");
	// The client is told to stop: the connection closes after the answer.
	expect(res.connection).toBe("close");
});

it("a chunked body that grows past the limit is cut off with 413", async () => {
	const chunk = randomBytes(1024);
	const res = await rawPut({ "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" }, [chunk, chunk, chunk, chunk, chunk]);
	expectError(res, 413, "payload_too_large");
});

it.each([
	["application/json", '{"a":1}'],
	["text/plain", "hello"],
	["multipart/form-data; boundary=x", "--x--"],
])("Content-Type %s → 415 naming the accepted types", async (type, body) => {
	const error = expectError(await put().set("Content-Type", type).send(body), 415, "unsupported_media_type");
	expect(error.message).toContain("application/octet-stream or image/png");
});

it("a body without a Content-Type → 415", async () => {
	expectError(await rawPut({ "Content-Length": "3" }, [Buffer.from("abc")]), 415, "unsupported_media_type");
});

it("no body at all reaches the handler as an empty Buffer", async () => {
	const res = await put();
	expect(res.status).toBe(200);
	expect(res.body).toEqual({ size: 0, sha256: sha(Buffer.alloc(0)), sha256WhileReceiving: sha(Buffer.alloc(0)), isBuffer: true });
});

it("the JSON body route beside it still parses JSON", async () => {
	const res = await request(t.app).post("/v1/test/echo").send({ name: "Ada", items: [] });
	expect(res.body).toEqual({ name: "Ada", items: [] });
});

describe("the registry", () => {
	const [echo, , blob] = echoModule.routes({} as never) as AnyRouteDefinition[];

	it("lists the raw-body errors (415, 413, 400 for a body cut short) and not the JSON ones for a raw route", () => {
		const registry = new RouteRegistry();
		registry.add([blob as AnyRouteDefinition]);
		expect(registry.errorsOf(blob as AnyRouteDefinition).sort()).toEqual(["bad_request", "internal", "payload_too_large", "unsupported_media_type", "uri_too_long"]);
	});

	it("refuses a route that declares both a JSON request and a raw body", () => {
		const registry = new RouteRegistry();
		expect(() => registry.add([{ ...(blob as AnyRouteDefinition), request: (echo as AnyRouteDefinition).request }])).toThrow("both a JSON request and a raw body");
	});
});
