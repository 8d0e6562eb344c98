/**
 * The Supabase driver against the fake: the requests storage-js makes are the documented ones (checked on the
 * wire), credentials are required, and every failure becomes unavailable (503) or upstream_failed (502) without
 * Supabase's words, URL or key in the client-visible message.
 */
import { AppError } from "../../errors/app-error";
import { FakeSupabase } from "./__tests__/fake-supabase";
import { SupabaseObjectStorage, type SupabaseStorageOptions } from "./supabase";

let fake: FakeSupabase;
const sleeps: number[] = [];

beforeEach(async () => {
	fake = await new FakeSupabase().start();
	sleeps.length = 0;
});
afterEach(() => fake.stop());

/** Retries without real waiting: the waits asked for are recorded instead. */
function driver(overrides: Partial<SupabaseStorageOptions> = {}, retry: SupabaseStorageOptions["retry"] = {}): SupabaseObjectStorage {
	return new SupabaseObjectStorage({
		url: fake.url,
		serviceRoleKey: fake.serviceRoleKey,
		bucket: fake.bucket,
		retry: { attempts: 3, backoffMs: (attempt) => 100 * attempt, sleep: async (ms) => void sleeps.push(ms), ...retry },
		...overrides,
	});
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(AppError);
	const appError = error as AppError;
	for (const secret of [fake.serviceRoleKey, fake.url, "127.0.0.1", "injected", "Unauthorized", "invalid signature"]) expect(appError.message).not.toContain(secret);
	return appError;
}

describe("the requests on the wire", () => {
	it("upload: POST /storage/v1/object/{bucket}/{path}, raw bytes with their type, x-upsert true, both credentials", async () => {
		const body = Buffer.from([0, 1, 2, 250, 251]);
		await driver().put("tenants/t1/files/abc", body, "image/png");
		const [upload] = fake.requests;
		expect(upload).toMatchObject({ method: "POST", path: "/storage/v1/object/toolboxai/tenants/t1/files/abc", body });
		expect(upload?.headers).toMatchObject({ "content-type": "image/png", "x-upsert": "true", apikey: fake.serviceRoleKey, authorization: `Bearer ${fake.serviceRoleKey}` });
		expect(fake.objects.get("tenants/t1/files/abc")).toMatchObject({ bytes: body, contentType: "image/png" });
	});

	it("download: GET of the object path", async () => {
		await driver().put("a/b", Buffer.from("x"), "text/plain");
		await driver().get("a/b");
		expect(fake.requests[1]).toMatchObject({ method: "GET", path: "/storage/v1/object/toolboxai/a/b" });
	});

	it("sign: POST /storage/v1/object/sign/{bucket}/{path} with JSON {expiresIn}; the link points at the signed path", async () => {
		await driver().put("a/b", Buffer.from("x"), "text/plain");
		const url = new URL(await driver().signedUrl("a/b", 90.7));
		const sign = fake.requests[1];
		expect(sign).toMatchObject({ method: "POST", path: "/storage/v1/object/sign/toolboxai/a/b" });
		expect(sign?.headers["content-type"]).toMatch(/^application\/json/);
		expect(JSON.parse(sign!.body.toString())).toEqual({ expiresIn: 90 });
		expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/storage/v1/object/sign/toolboxai/a/b`);
		expect(url.searchParams.get("token")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
	});

	it("remove: DELETE /storage/v1/object/{bucket} with JSON {prefixes}", async () => {
		await driver().remove(["a/b", "c/d"]);
		const [remove] = fake.requests;
		expect(remove).toMatchObject({ method: "DELETE", path: "/storage/v1/object/toolboxai" });
		expect(JSON.parse(remove!.body.toString())).toEqual({ prefixes: ["a/b", "c/d"] });
	});

	it("a missing object is undefined whether storage says 400 {statusCode: 404} or a plain 404", async () => {
		expect(await driver().get("not/there")).toBeUndefined();
		await fake.stop();
		fake = await new FakeSupabase({ notFoundStatus: 404 }).start();
		expect(await driver().get("not/there")).toBeUndefined();
	});
});

describe("credentials", () => {
	it("the fake refuses calls without the apikey header (401) or the bearer (403)", async () => {
		const url = `${fake.url}/storage/v1/object/${fake.bucket}/a/b`;
		expect((await fetch(url)).status).toBe(401);
		expect((await fetch(url, { headers: { apikey: fake.serviceRoleKey } })).status).toBe(403);
		expect((await fetch(url, { headers: { apikey: fake.serviceRoleKey, Authorization: "Bearer someone-else" } })).status).toBe(403);
		expect((await fetch(url, { headers: { apikey: fake.serviceRoleKey, Authorization: `Bearer ${fake.serviceRoleKey}` } })).status).toBe(400); // authenticated: the object is missing
	});

	it("a wrong service role key: upstream_failed (502), not retried, nothing stored", async () => {
		const error = await failure(driver({ serviceRoleKey: "not-the-key" }).put("a/b", Buffer.from("x"), "text/plain"));
		expect(error.code).toBe("upstream_failed");
		expect(fake.requests).toHaveLength(1);
		expect(fake.objects.size).toBe(0);
	});

	it("a bucket that does not exist: upstream_failed", async () => {
		expect((await failure(driver({ bucket: "nope" }).put("a/b", Buffer.from("x"), "text/plain"))).code).toBe("upstream_failed");
	});
});

describe("faults", () => {
	it("a 503 then success: retried after a backoff, stored once", async () => {
		fake.inject({ status: 503 });
		await driver().put("a/b", Buffer.from("x"), "text/plain");
		expect(fake.requests).toHaveLength(2);
		expect(sleeps).toEqual([100]);
		expect(fake.objects.get("a/b")?.bytes.toString()).toBe("x");
	});

	it("429 with Retry-After: waits that long, then succeeds", async () => {
		fake.inject({ status: 429, headers: { "Retry-After": "2" } });
		await driver().put("a/b", Buffer.from("x"), "text/plain");
		expect(sleeps).toEqual([2000]);
		expect(fake.requests).toHaveLength(2);
	});

	it("429 with a Retry-After longer than the cap: no waiting, unavailable (503) at once", async () => {
		fake.inject({ status: 429, headers: { "Retry-After": "3600" } });
		expect((await failure(driver().get("a/b"))).code).toBe("unavailable");
		expect(sleeps).toEqual([]);
		expect(fake.requests).toHaveLength(1);
	});

	it("429 on every attempt: unavailable after exactly the allowed attempts", async () => {
		fake.inject({ status: 429 }, 10);
		expect((await failure(driver().put("a/b", Buffer.from("x"), "text/plain"))).code).toBe("unavailable");
		expect(fake.requests).toHaveLength(3);
		expect(sleeps).toEqual([100, 200]);
	});

	it("500 on every attempt: upstream_failed", async () => {
		fake.inject({ status: 500, body: { statusCode: "500", error: "internal", message: "db connection string postgres://secret@x" } }, 10);
		const error = await failure(driver().signedUrl("a/b", 60));
		expect(error.code).toBe("upstream_failed");
		expect(error.message).not.toContain("postgres://");
		expect(fake.requests).toHaveLength(3);
	});

	it("a reply slower than the timeout: unavailable; a later attempt in time succeeds", async () => {
		// The held reply would come after a minute (stop cancels it): only a retry can store the object. The retry's
		// own timeout is generous, so a busy machine still gets its answer in time.
		fake.inject({ delayMs: 60_000, status: 200, body: {} });
		await driver({}, { timeoutMs: 1_000 }).put("a/b", Buffer.from("x"), "text/plain");
		expect(fake.requests).toHaveLength(2);
		expect(sleeps).toEqual([100]);
		expect(fake.objects.get("a/b")?.bytes.toString()).toBe("x");
		fake.inject({ delayMs: 60_000, status: 200, body: {} }, 3);
		expect((await failure(driver({}, { timeoutMs: 100 }).get("a/b"))).code).toBe("unavailable");
		expect(fake.requests).toHaveLength(5);
	});

	it("nothing listening: unavailable", async () => {
		const url = fake.url;
		await fake.stop();
		const error = await failure(new SupabaseObjectStorage({ url, serviceRoleKey: "k", bucket: "b", retry: { attempts: 2, sleep: async () => undefined } }).get("a/b"));
		expect(error.code).toBe("unavailable");
		fake = await new FakeSupabase().start();
	});
});
