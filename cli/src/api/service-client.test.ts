import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Deployment, StoredFile } from "@toolboxai/shared";
import { deployment, DEPLOYMENT_ID } from "../__tests__/fixtures";
import { scriptedFetch, serviceError } from "../__tests__/scripted-fetch";
import { CliError } from "../cli-error";
import { MAX_RATE_LIMIT_RETRIES, ServiceClient } from "./service-client";

const CONFIG = { url: "http://toolboxai.test", apiKey: "tbx_secret" };

async function failure(promise: Promise<unknown>): Promise<CliError> {
	const err = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(err).toBeInstanceOf(CliError);
	return err as CliError;
}

describe("ServiceClient", () => {
	it("sends the key as a bearer token and checks the reply against the contract, dropping unknown fields", async () => {
		const { sent, fetch } = scriptedFetch(() => ({ status: 200, body: { ...deployment(), addedLater: true } }));
		const got = await new ServiceClient(CONFIG, { fetch }).request({ method: "GET", path: `/v1/deployments/${DEPLOYMENT_ID}`, schema: Deployment });
		expect(got).toEqual(deployment());
		expect(sent[0].headers.authorization).toBe("Bearer tbx_secret");
		expect(sent[0].path).toBe(`/v1/deployments/${DEPLOYMENT_ID}`);
	});

	it("turns the service's error shape into its code and message", async () => {
		const { fetch } = scriptedFetch(() => serviceError(404, "not_found", "No deployment with that id."));
		const err = await failure(new ServiceClient(CONFIG, { fetch }).request({ method: "GET", path: "/v1/deployments/x", schema: Deployment }));
		expect(err).toMatchObject({ kind: "service", code: "not_found", message: "No deployment with that id.", status: 404, exitCode: 1 });
	});

	it("calls a reply that is not the contract's shape, or not ToolBoxAI's, a bad reply", async () => {
		const wrong = scriptedFetch(() => ({ status: 200, body: { id: "nope" } }));
		expect((await failure(new ServiceClient(CONFIG, { fetch: wrong.fetch }).request({ method: "GET", path: "/v1/x", schema: Deployment }))).message).toMatch(
			/reply to GET \/v1\/x does not match the contract/,
		);
		const html = scriptedFetch(() => ({ status: 502, text: "<html>Bad gateway</html>" }));
		const err = await failure(new ServiceClient(CONFIG, { fetch: html.fetch }).request({ method: "GET", path: "/v1/x", schema: Deployment }));
		expect(err).toMatchObject({ kind: "bad_reply", message: "http://toolboxai.test/v1/x answered HTTP 502, which is not a ToolBoxAI reply. Check TOOLBOXAI_URL." });
	});

	it("says plainly when nothing answers", async () => {
		const down = scriptedFetch(() => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
		const err = await failure(new ServiceClient(CONFIG, { fetch: down.fetch }).request({ method: "GET", path: "/v1/x", schema: Deployment }));
		expect(err).toMatchObject({ kind: "unreachable", message: "Cannot reach the ToolBoxAI service at http://toolboxai.test (ECONNREFUSED). Check TOOLBOXAI_URL." });
	});

	it("waits out a 429 for as long as Retry-After says, then asks again", async () => {
		let calls = 0;
		const { sent, fetch } = scriptedFetch(() =>
			++calls <= 2 ? { ...serviceError(429, "rate_limited", "Slow down."), headers: { "retry-after": String(calls * 3) } } : { status: 200, body: deployment() },
		);
		const waits: number[] = [];
		const told: number[] = [];
		const client = new ServiceClient(CONFIG, { fetch, sleep: async (ms) => void waits.push(ms), onRateLimited: (ms) => told.push(ms) });
		expect(await client.request({ method: "GET", path: "/v1/d", schema: Deployment })).toEqual(deployment());
		expect(waits).toEqual([3000, 6000]);
		expect(told).toEqual([3000, 6000]);
		expect(sent).toHaveLength(3);
	});

	it("gives up with rate_limited after its retries", async () => {
		const { sent, fetch } = scriptedFetch(() => serviceError(429, "rate_limited", "Slow down."));
		const err = await failure(new ServiceClient(CONFIG, { fetch, sleep: async () => {} }).request({ method: "GET", path: "/v1/d", schema: Deployment }));
		expect(err).toMatchObject({ kind: "service", code: "rate_limited", status: 429 });
		expect(sent).toHaveLength(MAX_RATE_LIMIT_RETRIES + 1);
	});

	it("streams a file as application/octet-stream with its length, and again from the start after a 429", async () => {
		const dir = mkdtempSync(path.join(tmpdir(), "tbx-cli-client-"));
		try {
			const file = path.join(dir, "logo.png");
			const bytes = Buffer.alloc(200_000, 3);
			writeFileSync(file, bytes);
			const stored = { sha256: "a".repeat(64), size: bytes.length, contentType: "image/png", alreadyStored: false };
			let calls = 0;
			const { sent, fetch } = scriptedFetch(() => (++calls === 1 ? serviceError(429, "rate_limited", "Slow down.") : { status: 201, body: stored }));
			const client = new ServiceClient(CONFIG, { fetch, sleep: async () => {} });
			expect(await client.request({ method: "PUT", path: "/v1/releases/r/files/s", file: { path: file, size: bytes.length }, schema: StoredFile })).toEqual(stored);
			for (const request of sent) {
				expect(request.headers["content-type"]).toBe("application/octet-stream");
				expect(request.headers["content-length"]).toBe(String(bytes.length));
				expect(request.bytes?.equals(bytes)).toBe(true);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
