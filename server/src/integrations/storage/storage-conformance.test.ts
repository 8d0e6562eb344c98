/**
 * One suite, both drivers: what the service relies on from ObjectStorage holds for the local folder and for Supabase
 * Storage (a local fake that follows its REST API). Signed links are fetched over real HTTP from where they point.
 */
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { errorMiddleware } from "../../http/error-middleware";
import type { ObjectStorage } from "../../infrastructure.types";
import { FakeSupabase } from "./__tests__/fake-supabase";
import { filesHandler } from "./files-route";
import { LocalObjectStorage } from "./local";
import { InvalidObjectPathError } from "./object-path";
import { SupabaseObjectStorage } from "./supabase";

/** A school's content-addressed file, laid out as the releases module stores them. */
function schoolFilePath(tenantId: string, sha256: string): string {
	return `tenants/${tenantId}/files/${sha256}`;
}

interface DriverUnderTest {
	readonly storage: ObjectStorage;
	/** Moves the clock that signed links expire by. */
	advance(seconds: number): void;
	/** Requests that reached the backend so far (the local driver has no backend: undefined). */
	backendRequests(): number | undefined;
	close(): Promise<void>;
}

async function localDriver(): Promise<DriverUnderTest> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-storage-"));
	let offsetMs = 0;
	const app = express();
	let storage: LocalObjectStorage | undefined;
	app.use((req, res, next) => filesHandler(storage as LocalObjectStorage)(req, res, next));
	app.use(errorMiddleware());
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
	});
	storage = new LocalObjectStorage({ dataDir, publicUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, now: () => Date.now() + offsetMs });
	return {
		storage,
		advance: (seconds) => (offsetMs += seconds * 1000),
		backendRequests: () => undefined,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

async function supabaseDriver(): Promise<DriverUnderTest> {
	const fake = await new FakeSupabase().start();
	const storage = new SupabaseObjectStorage({ url: fake.url, serviceRoleKey: fake.serviceRoleKey, bucket: fake.bucket, retry: { attempts: 1 } });
	return { storage, advance: (seconds) => fake.advance(seconds), backendRequests: () => fake.requests.length, close: () => fake.stop() };
}

const TENANT = "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34";
const OTHER_TENANT = "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e";
const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);

describe.each([
	["local", localDriver],
	["supabase", supabaseDriver],
])("the %s driver", (_name, start) => {
	let driver: DriverUnderTest;
	let storage: ObjectStorage;
	beforeEach(async () => {
		driver = await start();
		storage = driver.storage;
	});
	afterEach(() => driver.close());

	it("puts and gets the exact bytes; a missing object is undefined", async () => {
		const at = schoolFilePath(TENANT, "a".repeat(64));
		expect(await storage.get(at)).toBeUndefined();
		await storage.put(at, bytes, "image/png");
		expect(await storage.get(at)).toEqual(bytes);
		// Content-addressed per school: the same name under another school's prefix is another object.
		expect(await storage.get(schoolFilePath(OTHER_TENANT, "a".repeat(64)))).toBeUndefined();
	});

	it("stores a file from the disk, streamed, with the same bytes (export archives)", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-put-file-"));
		try {
			const file = path.join(dir, "archive.zip");
			const large = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
			fs.writeFileSync(file, large);
			await storage.putFile("privacy-exports/x/archive.zip", file, "application/zip");
			expect((await storage.get("privacy-exports/x/archive.zip"))?.equals(large)).toBe(true);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it("overwrites an object put again at the same path", async () => {
		await storage.put("tenants/x/notes.txt", Buffer.from("one"), "text/plain");
		await storage.put("tenants/x/notes.txt", Buffer.from("two, longer"), "text/plain");
		expect((await storage.get("tenants/x/notes.txt"))?.toString()).toBe("two, longer");
	});

	it("removes the listed objects, ignores missing ones, and does nothing for none", async () => {
		await storage.put("tenants/x/a", Buffer.from("a"), "text/plain");
		await storage.put("tenants/x/b", Buffer.from("b"), "text/plain");
		await storage.remove(["tenants/x/a", "tenants/x/never-was"]);
		expect(await storage.get("tenants/x/a")).toBeUndefined();
		expect((await storage.get("tenants/x/b"))?.toString()).toBe("b");
		const before = driver.backendRequests();
		await storage.remove([]);
		expect(driver.backendRequests()).toBe(before);
		expect((await storage.get("tenants/x/b"))?.toString()).toBe("b");
	});

	it("a signed URL serves the bytes with their type until it expires, then is refused", async () => {
		await storage.put("tenants/x/logo.png", bytes, "image/png");
		const url = await storage.signedUrl("tenants/x/logo.png", 60);
		const fresh = await fetch(url);
		expect(fresh.status).toBe(200);
		expect(fresh.headers.get("content-type")).toBe("image/png");
		expect(Buffer.from(await fresh.arrayBuffer())).toEqual(bytes);
		driver.advance(30);
		expect((await fetch(url)).status).toBe(200);
		driver.advance(31);
		const expired = await fetch(url);
		expect(expired.status).toBeGreaterThanOrEqual(400);
		expect(Buffer.from(await expired.arrayBuffer()).includes(bytes)).toBe(false);
	});

	it("a signed URL names one object: pointed at another path, it is refused", async () => {
		await storage.put("tenants/x/a.png", bytes, "image/png");
		await storage.put("tenants/y/b.png", Buffer.from("secret of y"), "image/png");
		const url = new URL(await storage.signedUrl("tenants/x/a.png", 60));
		url.pathname = url.pathname.replace("tenants/x/a.png", "tenants/y/b.png");
		const res = await fetch(url);
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(await res.text()).not.toContain("secret of y");
	});

	it.each(["../escape", "tenants/x/../../y", "/tenants/x", "tenants//x", "tenants/./x", "tenants\\..\\x", "", "tenants/x/", "nul\u0000byte"])(
		"refuses the path %j for every operation, before anything reaches the backend",
		async (bad) => {
			const before = driver.backendRequests();
			await expect(storage.put(bad, bytes, "image/png")).rejects.toBeInstanceOf(InvalidObjectPathError);
			await expect(storage.get(bad)).rejects.toBeInstanceOf(InvalidObjectPathError);
			await expect(storage.remove(["tenants/x/ok", bad])).rejects.toBeInstanceOf(InvalidObjectPathError);
			await expect(storage.signedUrl(bad, 60)).rejects.toBeInstanceOf(InvalidObjectPathError);
			expect(driver.backendRequests()).toBe(before);
		},
	);
});
