import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import path from "node:path";
import express, { type Express } from "express";
import request from "supertest";
import { errorMiddleware } from "../../http/error-middleware";
import { notFound } from "../../http/not-found";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { listen, rawRequest } from "../../http/__tests__/raw-get";
import { isDashboardStale } from "./build-fingerprint";
import { DASHBOARD_DIST } from "./dashboard-paths";
import { CLIENT_ROUTES, serveDashboard } from "./serve-dashboard";
import { initialScripts, INITIAL_JS_LIMIT_KB } from "./initial-scripts";

jest.setTimeout(120_000);

/** A script big enough to be worth compressing, repetitive as bundled code is. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, index) => `export const line${index} = "the dashboard's code, line ${index}";`).join("\n");

describe("serveDashboard (over a fixture dist)", () => {
	let dist: string;
	let ready: () => Promise<void>;
	let app: Express;
	beforeAll(() => {
		dist = mkdtempSync(path.join(tmpdir(), "tbx-dashboard-"));
		mkdirSync(path.join(dist, "assets"));
		writeFileSync(path.join(dist, "index.html"), '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>');
		writeFileSync(path.join(dist, "assets", "app-1a2b.js"), "console.log(1)");
		writeFileSync(path.join(dist, "assets", "big-3c4d.js"), BIG_SCRIPT);
		writeFileSync(path.join(dist, "assets", "big-3c4d.js.br"), brotliCompressSync(BIG_SCRIPT));
		writeFileSync(path.join(dist, "assets", "big-3c4d.js.gz"), gzipSync(BIG_SCRIPT));
		writeFileSync(path.join(dist, "favicon.svg"), "<svg/>");
		writeFileSync(path.join(dist, ".inputs-fingerprint"), "abc");
		app = express();
		app.get("/v1/meta", (_req, res) => res.json({ ok: true }));
		app.use(serveDashboard({ ready: () => ready(), dist }));
		app.use(notFound());
		app.use(errorMiddleware());
	});
	beforeEach(() => {
		ready = () => Promise.resolve();
	});
	afterAll(() => rmSync(dist, { recursive: true, force: true }));

	it.each(CLIENT_ROUTES)("answers the client route %s with index.html, revalidated on every load", async (route) => {
		const res = await request(app).get(`${route}?code=BDFG-HJKL`);
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toMatch(/^text\/html/);
		expect(res.headers["cache-control"]).toBe("no-cache");
		expect(res.text).toContain("/assets/app-1a2b.js");
	});

	it("serves hashed assets as immutable and other files as no-cache", async () => {
		const asset = await request(app).get("/assets/app-1a2b.js");
		expect(asset.status).toBe(200);
		expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
		const icon = await request(app).get("/favicon.svg");
		expect(icon.status).toBe(200);
		expect(icon.headers["cache-control"]).toBe("no-cache");
	});

	it("sends the build's brotli or gzip copy of a file by Accept-Encoding, with Vary, its own type and the immutable cache", async () => {
		const server = await listen(app);
		try {
			for (const [accept, encoding, decode] of [
				["gzip, deflate, br", "br", brotliDecompressSync],
				["gzip", "gzip", gunzipSync],
				["br;q=0, gzip", "gzip", gunzipSync],
				["identity", undefined, (bytes: Buffer) => bytes],
			] as const) {
				const res = await rawRequest(server, "GET", "/assets/big-3c4d.js", { "Accept-Encoding": accept });
				expect({ accept, status: res.status, encoding: res.headers["content-encoding"] }).toEqual({ accept, status: 200, encoding });
				expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
				expect(res.headers.vary).toMatch(/Accept-Encoding/i);
				expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
				expect(Number(res.headers["content-length"])).toBe(res.body.length);
				expect(decode(res.body).toString("utf8")).toBe(BIG_SCRIPT);
			}
			// A file the build did not compress goes out as it is, whatever the client accepts.
			const small = await rawRequest(server, "GET", "/assets/app-1a2b.js", { "Accept-Encoding": "br, gzip" });
			expect([small.status, small.headers["content-encoding"], small.body.toString("utf8")]).toEqual([200, undefined, "console.log(1)"]);
			const traversal = await rawRequest(server, "GET", "/assets/..%2F..%2Fetc%2Fpasswd.js", { "Accept-Encoding": "br" });
			expect(traversal.status).toBe(404);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it("keeps the JSON 404 for unknown API paths, missing files, dotfiles and other pages", async () => {
		for (const url of ["/v1/nope", "/v1/", "/.well-known/nope", "/assets/missing.js", "/.inputs-fingerprint", "/nope", "/index.htm"]) {
			const res = await request(app).get(url);
			expect({ url, status: res.status }).toEqual({ url, status: 404 });
			expect(res.body.error.code).toBe("not_found");
		}
	});

	it("answers a browser opening an unknown page with the app (its not-found page) and a 404; API paths and files keep JSON", async () => {
		const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
		for (const url of ["/nope", "/classes/not-a-class/extra", "/index.htm"]) {
			const res = await request(app).get(url).set("Accept", browser);
			expect({ url, status: res.status, type: res.headers["content-type"] }).toEqual({ url, status: 404, type: expect.stringMatching(/^text\/html/) });
			expect(res.text).toContain("/assets/app-1a2b.js");
		}
		for (const url of ["/v1/nope", "/.well-known/nope", "/assets/missing.js"]) {
			const res = await request(app).get(url).set("Accept", browser);
			expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 404, code: "not_found" });
		}
		const script = await request(app).get("/nope").set("Accept", "*/*");
		expect([script.status, script.body.error?.code]).toEqual([404, "not_found"]);
		const post = await request(app).post("/nope").set("Accept", browser).send({});
		expect([post.status, post.body.error?.code]).toEqual([404, "not_found"]);
	});

	it("lets API routes take precedence", async () => {
		const res = await request(app).get("/v1/meta");
		expect(res.body).toEqual({ ok: true });
	});

	it("answers other methods on client routes with 405 and Allow", async () => {
		const res = await request(app).post("/device").send({});
		expect(res.status).toBe(405);
		expect(res.headers.allow).toBe("GET, HEAD");
		expect(res.body.error.code).toBe("method_not_allowed");
	});

	it("waits for a running build before answering a page", async () => {
		let finish = () => {};
		const building = new Promise<void>((resolve) => (finish = resolve));
		let asked = () => {};
		const askedForBuild = new Promise<void>((resolve) => (asked = resolve));
		ready = () => {
			asked();
			return building;
		};
		let answered = false;
		const pending = request(app)
			.get("/")
			.then((res) => {
				answered = true;
				return res;
			});
		// The request has reached the dashboard and asked about the build; it must now hold its answer.
		await askedForBuild;
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(answered).toBe(false);
		finish();
		expect((await pending).status).toBe(200);
	});

	it("answers pages with 503 when the dashboard cannot be built, but files and API paths with 404", async () => {
		const failed = Promise.reject(new Error("it has not been built; run `npm run build`."));
		failed.catch(() => undefined);
		ready = () => failed;
		const page = await request(app).get("/audit");
		expect(page.status).toBe(503);
		expect(page.body.error.code).toBe("unavailable");
		expect(page.body.error.message).toContain("npm run build");
		expect((await request(app).get("/assets/app-1a2b.js")).status).toBe(404);
		expect((await request(app).get("/v1/nope")).status).toBe(404);
	});
});

describe("the service serves the real dashboard", () => {
	let database: TestDatabase;
	let t: TestApp;
	beforeAll(async () => {
		database = await createTestDatabase("dashboard");
		t = await startTestApp({ database });
	});
	afterAll(async () => {
		await t?.close();
		await database?.drop();
	});

	it("builds dist from the sources when stale, then serves index.html under the strict CSP with no inline script", async () => {
		const res = await request(t.app).get("/");
		expect(res.status).toBe(200);
		expect(isDashboardStale()).toBe(false);
		expect(res.text).toBe(readFileSync(path.join(DASHBOARD_DIST, "index.html"), "utf8"));
		const csp = String(res.headers["content-security-policy"]);
		expect(csp).toContain("script-src 'self'");
		expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
		expect(csp).toContain("object-src 'none'");
		const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
		expect(scripts.length).toBeGreaterThan(0);
		for (const [, attributes, body] of scripts) {
			expect(attributes).toMatch(/\bsrc="\/assets\/[\w.-]+\.js"/);
			expect(body.trim()).toBe("");
		}
		expect(res.text).not.toMatch(/https?:\/\//);
		const script = /src="(\/assets\/[\w.-]+\.js)"/.exec(res.text)?.[1] ?? "";
		const asset = await request(t.app).get(script);
		expect(asset.status).toBe(200);
		expect(asset.headers["content-type"]).toMatch(/javascript/);
	});

	it(`loads at most ${INITIAL_JS_LIMIT_KB} KB of gzipped script before the first page shows (every other page is its own chunk)`, async () => {
		await request(t.app).get("/");
		const { files, gzipBytes } = initialScripts(DASHBOARD_DIST);
		const kb = Math.round((gzipBytes / 1024) * 10) / 10;
		console.info(`dashboard initial JS: ${kb} KB gzip in ${files.length} files (${files.join(", ")}); limit ${INITIAL_JS_LIMIT_KB} KB`);
		expect({ initialKbGzip: kb, withinLimit: kb <= INITIAL_JS_LIMIT_KB }).toEqual({ initialKbGzip: kb, withinLimit: true });
		// Pages are split off: the home and classes pages are not among the first files.
		expect(files.some((file) => /home-page|classes-page/.test(file))).toBe(false);
	});

	it("serves the real build's scripts precompressed, decoding to the very file", async () => {
		const html = (await request(t.app).get("/")).text;
		const script = /src="(\/assets\/[\w.-]+\.js)"/.exec(html)?.[1] ?? "";
		const server = await listen(t.app);
		try {
			const res = await rawRequest(server, "GET", script, { "Accept-Encoding": "gzip, deflate, br" });
			expect([res.status, res.headers["content-encoding"]]).toEqual([200, "br"]);
			const original = readFileSync(path.join(DASHBOARD_DIST, script));
			expect(brotliDecompressSync(res.body).equals(original)).toBe(true);
			expect(res.body.length).toBeLessThan(original.length / 2);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it("keeps the JSON 404 for unknown /v1 paths and the docs where they were", async () => {
		const missing = await request(t.app).get("/v1/does-not-exist").set("Accept", "text/html");
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe("not_found");
		expect((await request(t.app).get("/docs")).text).toContain("swagger");
		expect((await request(t.app).get("/healthz")).status).toBe(200);
	});
});
