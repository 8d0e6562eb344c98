/** The Supabase backup target against the storage fake: streamed upload, signed-link download, listing, removal. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeSupabase } from "../../../integrations/storage/__tests__/fake-supabase";
import { SupabaseBackupTarget } from "./supabase-target";

let fake: FakeSupabase;
let dir: string;
let target: SupabaseBackupTarget;

beforeEach(async () => {
	fake = await new FakeSupabase().start();
	dir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-sb-target-"));
	target = new SupabaseBackupTarget({ url: fake.url, serviceRoleKey: fake.serviceRoleKey, bucket: fake.bucket });
});
afterEach(async () => {
	await fake.stop();
	fs.rmSync(dir, { recursive: true, force: true });
});

test("a file goes up as a stream and comes back byte for byte; manifests as text", async () => {
	expect(target).toMatchObject({ kind: "supabase", offInstance: true });
	const bytes = randomBytes(3 * 1024 * 1024 + 17);
	fs.writeFileSync(path.join(dir, "dump.enc"), bytes);
	await target.upload("backups/20261207T220501Z-3f9a/dump.enc", path.join(dir, "dump.enc"), "application/octet-stream");
	const upload = fake.requests.find((r) => r.method === "POST" && r.path.endsWith("/dump.enc"));
	expect(upload?.headers["content-type"]).toBe("application/octet-stream");
	expect(fake.objects.get("backups/20261207T220501Z-3f9a/dump.enc")?.bytes.equals(bytes)).toBe(true);
	expect(await target.download("backups/20261207T220501Z-3f9a/dump.enc", path.join(dir, "back"))).toBe(true);
	expect(fs.readFileSync(path.join(dir, "back")).equals(bytes)).toBe(true);
	await target.writeText("backups/20261207T220501Z-3f9a/manifest.json", '{"id":"x"}\n');
	expect(await target.readText("backups/20261207T220501Z-3f9a/manifest.json")).toBe('{"id":"x"}\n');
});

test("missing objects are false or undefined, folders list and remove", async () => {
	expect(await target.download("backups/none/dump.enc", path.join(dir, "x"))).toBe(false);
	expect(await target.readText("backups/none/manifest.json")).toBeUndefined();
	expect(await target.listFolders("backups")).toEqual([]);
	for (const id of ["20261206T030000Z-aaaa", "20261207T030000Z-bbbb"]) {
		await target.writeText(`backups/${id}/manifest.json`, "{}");
		await target.writeText(`backups/${id}/verification.json`, "{}");
	}
	expect((await target.listFolders("backups")).sort()).toEqual(["20261206T030000Z-aaaa", "20261207T030000Z-bbbb"]);
	await target.removeFolder("backups/20261206T030000Z-aaaa");
	expect(await target.listFolders("backups")).toEqual(["20261207T030000Z-bbbb"]);
	expect([...fake.objects.keys()].sort()).toEqual(["backups/20261207T030000Z-bbbb/manifest.json", "backups/20261207T030000Z-bbbb/verification.json"]);
});

test("a refused upload is retried from the file's start, then named without the key", async () => {
	fs.writeFileSync(path.join(dir, "dump.enc"), Buffer.from("sealed bytes"));
	fake.inject({ status: 503 });
	await target.upload("backups/x/dump.enc", path.join(dir, "dump.enc"), "application/octet-stream");
	expect(fake.objects.get("backups/x/dump.enc")?.bytes.toString()).toBe("sealed bytes");
	fake.inject({ status: 403 }, 3);
	const error = await target.upload("backups/y/dump.enc", path.join(dir, "dump.enc"), "application/octet-stream").catch((e: unknown) => e as Error);
	expect(error).toBeInstanceOf(Error);
	expect((error as Error).message).toContain("did not upload backups/y/dump.enc (HTTP 403)");
	expect((error as Error).message).not.toContain(fake.serviceRoleKey);
});
