import type { Server } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import express from "express";
import { listen, rawRequest } from "./__tests__/raw-get";
import { COMPRESS_THRESHOLD_BYTES, compressReplies } from "./compress-replies";
import { SECRET_REPLIES } from "./secret-replies";

/** A JSON reply well above the threshold, with repetition as real lists have. */
const BIG = { items: Array.from({ length: 200 }, (_, index) => ({ id: index, name: `Period ${index % 7} fractions`, completed: index % 3 === 0 })) };

describe("compressReplies (over a small app)", () => {
	let server: Server;
	beforeAll(async () => {
		const app = express();
		app.use(compressReplies());
		app.get("/v1/list", (_req, res) => res.json(BIG));
		app.get("/v1/small", (_req, res) => res.json({ ok: true }));
		// Every path on the secret list answers the same big reply with a secret in it: each must go out as it is.
		for (const { method, path } of SECRET_REPLIES) app[method](path, (_req, res) => res.status(201).json({ ...BIG, secret: "tbx_live_0123456789abcdef" }));
		app.get("/v1/stream", (_req, res) => {
			res.setHeader("Content-Type", "text/event-stream");
			res.end(`data: ${JSON.stringify(BIG)}\n\n`);
		});
		server = await listen(app);
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it("gzips a JSON reply above the threshold for a client that accepts it, with Vary, and the bytes decode to the reply", async () => {
		const res = await rawRequest(server, "GET", "/v1/list", { "Accept-Encoding": "gzip" });
		expect(res.headers["content-encoding"]).toBe("gzip");
		expect(res.headers.vary).toMatch(/Accept-Encoding/i);
		expect(JSON.parse(gunzipSync(res.body).toString("utf8"))).toEqual(BIG);
		expect(res.body.length).toBeLessThan(JSON.stringify(BIG).length / 3);
	});

	it("uses brotli when that is what the client accepts, and nothing for a client that accepts no encoding", async () => {
		const br = await rawRequest(server, "GET", "/v1/list", { "Accept-Encoding": "br" });
		expect(br.headers["content-encoding"]).toBe("br");
		expect(JSON.parse(brotliDecompressSync(br.body).toString("utf8"))).toEqual(BIG);
		const plain = await rawRequest(server, "GET", "/v1/list", { "Accept-Encoding": "identity" });
		expect(plain.headers["content-encoding"]).toBeUndefined();
		expect(JSON.parse(plain.body.toString("utf8"))).toEqual(BIG);
	});

	it("leaves replies under the threshold as they are", async () => {
		const res = await rawRequest(server, "GET", "/v1/small", { "Accept-Encoding": "gzip, br" });
		expect(res.body.length).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
		expect(res.headers["content-encoding"]).toBeUndefined();
		expect(JSON.parse(res.body.toString("utf8"))).toEqual({ ok: true });
	});

	it.each(SECRET_REPLIES)("never compresses the reply of $method $path, which carries a secret, whatever its size", async ({ method, path }) => {
		const res = await rawRequest(server, method.toUpperCase(), path, { "Accept-Encoding": "gzip, br" }, method === "get" ? undefined : "{}");
		expect(res.status).toBe(201);
		expect(res.headers["content-encoding"]).toBeUndefined();
		expect(res.body.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
		expect(JSON.parse(res.body.toString("utf8")).secret).toBe("tbx_live_0123456789abcdef");
	});

	it("does not let a trailing slash or a query string get a secret reply compressed", async () => {
		for (const path of ["/v1/api-keys/", "/v1/api-keys?x=1"]) {
			const other = await rawRequest(server, "POST", path, { "Accept-Encoding": "gzip" }, "{}");
			expect({ path, status: other.status, encoding: other.headers["content-encoding"], big: other.body.length > COMPRESS_THRESHOLD_BYTES }).toEqual({
				path,
				status: 201,
				encoding: undefined,
				big: true,
			});
		}
	});

	it("leaves a live event stream uncompressed (events must not wait in a compression buffer)", async () => {
		const res = await rawRequest(server, "GET", "/v1/stream", { "Accept-Encoding": "gzip" });
		expect(res.headers["content-encoding"]).toBeUndefined();
		expect(res.body.toString("utf8")).toMatch(/^data: /);
	});
});
