/** The local driver's signed links served by the real app at /files (mounted by the releases module). */
import request from "supertest";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("files_route");
	t = await startTestApp({ database });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** The path and query of a signed link, for supertest against the app. */
async function linkTo(objectPath: string, seconds = 60): Promise<string> {
	const url = new URL(await t.infra.storage.signedUrl(objectPath, seconds));
	expect(url.origin).toBe(t.config.publicUrl);
	return `${url.pathname}${url.search}`;
}

it("serves the object as a download with its type, not cached, not sniffed", async () => {
	expect(t.infra.storage.driver).toBe("local");
	await t.infra.storage.put("tenants/t/files/page", Buffer.from("<script>alert(1)</script>"), "application/xml");
	const res = await request(t.app).get(await linkTo("tenants/t/files/page"));
	expect(res.status).toBe(200);
	expect(res.headers["content-type"]).toBe("application/xml");
	expect(res.headers["content-disposition"]).toBe("attachment");
	expect(res.headers["cache-control"]).toBe("private, no-store");
	expect(res.headers["x-content-type-options"]).toBe("nosniff");
	expect(res.text).toBe("<script>alert(1)</script>");
	const head = await request(t.app).head(await linkTo("tenants/t/files/page"));
	expect(head.status).toBe(200);
	expect(head.headers["content-length"]).toBe("25");
});

it("refuses a link without a signature, with a wrong one, or for another path (403, the JSON error)", async () => {
	await t.infra.storage.put("tenants/a/files/x", Buffer.from("A's bytes"), "text/plain");
	await t.infra.storage.put("tenants/b/files/x", Buffer.from("B's bytes"), "text/plain");
	const link = await linkTo("tenants/a/files/x");
	const [pathname, query] = link.split("?") as [string, string];
	const tampered = query.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
	for (const bad of [
		pathname,
		`${pathname}?${tampered}`,
		`${pathname.replace("/a/", "/b/")}?${query}`,
		`/files/..%2F..%2Fsecrets%2Fstorage.key?${query}`,
		`/files/%E0%A4%A?${query}`,
	]) {
		const res = await request(t.app).get(bad);
		expect({ bad, status: res.status, code: res.body?.error?.code }).toEqual({ bad, status: 403, code: "forbidden" });
		expect(res.text).not.toContain("bytes");
		expect(res.text).not.toMatch(LEAK_PATTERN);
	}
});

it("a valid link to an object since removed is 404", async () => {
	await t.infra.storage.put("tenants/a/files/gone", Buffer.from("x"), "text/plain");
	const link = await linkTo("tenants/a/files/gone");
	await t.infra.storage.remove(["tenants/a/files/gone"]);
	const res = await request(t.app).get(link);
	expect(res.status).toBe(404);
	expect(res.body.error.code).toBe("not_found");
});
