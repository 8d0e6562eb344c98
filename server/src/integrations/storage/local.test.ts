import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalObjectStorage } from "./local";
import { InvalidObjectPathError } from "./object-path";

let dataDir: string;
let storage: LocalObjectStorage;
const publicUrl = "http://localhost:3000/";

beforeEach(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-storage-"));
	storage = new LocalObjectStorage({ dataDir, publicUrl });
});

afterEach(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
});

test("put, get, info and remove an object under <dataDir>/storage", async () => {
	expect(storage.driver).toBe("local");
	await storage.put("tenant-1/lessons/intro.json", Buffer.from('{"a":1}'), "application/json");
	expect((await storage.get("tenant-1/lessons/intro.json"))?.toString()).toBe('{"a":1}');
	expect(await storage.info("tenant-1/lessons/intro.json")).toEqual({ contentType: "application/json", size: 7 });
	expect(fs.existsSync(path.join(dataDir, "storage", "objects", "tenant-1", "lessons", "intro.json"))).toBe(true);
	await storage.put("tenant-1/lessons/intro.json", Buffer.from("v2"), "text/plain");
	expect((await storage.get("tenant-1/lessons/intro.json"))?.toString()).toBe("v2");
	await storage.remove(["tenant-1/lessons/intro.json", "tenant-1/never-existed"]);
	expect(await storage.get("tenant-1/lessons/intro.json")).toBeUndefined();
	expect(await storage.info("tenant-1/lessons/intro.json")).toBeUndefined();
});

test.each(["../escape", "a/../../escape", "/etc/passwd", "a//b", "a/./b", "a\\..\\b", "", "a/b/", "nul\u0000byte"])("rejects the path %j everywhere", async (bad) => {
	await expect(storage.put(bad, Buffer.from("x"), "text/plain")).rejects.toBeInstanceOf(InvalidObjectPathError);
	await expect(storage.get(bad)).rejects.toBeInstanceOf(InvalidObjectPathError);
	await expect(storage.remove([bad])).rejects.toBeInstanceOf(InvalidObjectPathError);
	await expect(storage.signedUrl(bad, 60)).rejects.toBeInstanceOf(InvalidObjectPathError);
	expect(fs.existsSync(path.join(dataDir, "escape"))).toBe(false);
});

test("signedUrl points at /files/<path> with an expiry and an HMAC signature that verify accepts", async () => {
	const before = Math.floor(Date.now() / 1000);
	const url = new URL(await storage.signedUrl("tenant-1/a file.png", 120));
	const after = Math.ceil(Date.now() / 1000);
	expect(`${url.origin}${url.pathname}`).toBe("http://localhost:3000/files/tenant-1/a%20file.png");
	const expires = Number(url.searchParams.get("expires"));
	const signature = url.searchParams.get("signature") ?? "";
	// 120 s from the moment of the call, however long the call took.
	expect(expires).toBeGreaterThanOrEqual(before + 120);
	expect(expires).toBeLessThanOrEqual(after + 120);
	expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
	expect(storage.verify("tenant-1/a file.png", expires, signature)).toBe(true);
	// Any change to path, expiry or signature is refused.
	expect(storage.verify("tenant-2/a file.png", expires, signature)).toBe(false);
	expect(storage.verify("tenant-1/a file.png", expires + 1, signature)).toBe(false);
	const tampered = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
	expect(storage.verify("tenant-1/a file.png", expires, tampered)).toBe(false);
});

test("an expired link is refused", async () => {
	const url = new URL(await storage.signedUrl("x.txt", 1));
	const signature = url.searchParams.get("signature") ?? "";
	const expiredAt = Math.floor(Date.now() / 1000) - 1;
	expect(storage.verify("x.txt", expiredAt, signature)).toBe(false);
});

test("the signing secret is created once (0600) in <dataDir>/secrets and links survive a restart", async () => {
	const keyFile = path.join(dataDir, "secrets", "storage.key");
	const secret = fs.readFileSync(keyFile, "utf8");
	expect(secret).toMatch(/^[0-9a-f]{64}$/);
	expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
	const url = new URL(await storage.signedUrl("x.txt", 60));
	const restarted = new LocalObjectStorage({ dataDir, publicUrl });
	expect(fs.readFileSync(keyFile, "utf8")).toBe(secret);
	expect(restarted.verify("x.txt", Number(url.searchParams.get("expires")), url.searchParams.get("signature") ?? "")).toBe(true);
	// Another data dir has another secret: its links do not verify here.
	const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-storage-"));
	try {
		const other = new URL(await new LocalObjectStorage({ dataDir: otherDir, publicUrl }).signedUrl("x.txt", 60));
		expect(storage.verify("x.txt", Number(other.searchParams.get("expires")), other.searchParams.get("signature") ?? "")).toBe(false);
	} finally {
		fs.rmSync(otherDir, { recursive: true, force: true });
	}
});

test("a disk that refuses is 503 unavailable, without the path in the message", async () => {
	// A file where the tenant's folder should be: every write under it fails (as root too, unlike permissions).
	fs.mkdirSync(path.join(dataDir, "storage", "objects"), { recursive: true });
	fs.writeFileSync(path.join(dataDir, "storage", "objects", "tenant-9"), "not a folder");
	const error = await storage.put("tenant-9/files/x", Buffer.from("x"), "text/plain").then(
		() => undefined,
		(e: unknown) => e as { code?: string; message?: string; cause?: unknown },
	);
	expect(error).toMatchObject({ code: "unavailable", message: "File storage could not store the file; try again shortly." });
	expect(error?.message).not.toContain(dataDir);
	expect((error?.cause as { code?: string } | undefined)?.code).toMatch(/^(ENOTDIR|EEXIST)$/);
	// Reading under it is simply missing, not an error.
	expect(await storage.get("tenant-9/files/x")).toBeUndefined();
});
