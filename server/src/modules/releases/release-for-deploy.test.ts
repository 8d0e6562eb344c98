/**
 * The seam the deployments module uses: a release by id for its school only, and its stored files' bytes.
 * Rows are written with SQL here so the seam is tested apart from the releases routes.
 */
import { createHash, randomUUID } from "node:crypto";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { loadReleaseForDeploy } from "./release-for-deploy";
import { readStoredFile, storedFilePath } from "./stored-file";

let database: TestDatabase;
let t: TestApp;
let a: SchoolAdmin;
let b: SchoolAdmin;

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const place = Buffer.from("<roblox!\x89\xff\r\n\x1a\n place bytes", "latin1");
const logo = Buffer.from("\x89PNG\r\n\x1a\n logo bytes", "latin1");

beforeAll(async () => {
	database = await createTestDatabase("release_seam");
	t = await startTestApp({ database });
	a = await signupSchool(t, "Seam Academy");
	b = await signupSchool(t, "Other Academy");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function insertRelease(tenantId: string, number: number): Promise<string> {
	const id = randomUUID();
	await withTenant(t.infra.db, tenantId, async (transaction) => {
		await t.infra.db.query(
			`INSERT INTO releases (id, tenant_id, number, place_sha256, place_size, place_file_name, lessons, notes, created_by_user_id)
			 VALUES ($1, $2, $3, $4, $5, 'ToolBoxAI.rbxl', '[{"lessonId":"7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f","version":"1.0.0"}]', 'first', NULL)`,
			{ bind: [id, tenantId, number, sha(place), place.length], transaction },
		);
		await t.infra.db.query("INSERT INTO release_assets (tenant_id, release_id, name, sha256, size, asset_type) VALUES ($1, $2, 'images/logo.png', $3, $4, 'Image')", {
			bind: [tenantId, id, sha(logo), logo.length],
			transaction,
		});
	});
	return id;
}

async function store(tenantId: string, bytes: Buffer): Promise<void> {
	await t.infra.storage.put(storedFilePath(tenantId, sha(bytes)), bytes, "application/octet-stream");
	await withTenant(t.infra.db, tenantId, (transaction) =>
		t.infra.db.query("INSERT INTO stored_files (tenant_id, sha256, size, content_type) VALUES ($1, $2, $3, 'application/octet-stream')", {
			bind: [tenantId, sha(bytes), bytes.length],
			transaction,
		}),
	);
}

test("loadReleaseForDeploy gives the release as the API shows it; missing files shrink as they are stored", async () => {
	const id = await insertRelease(a.tenantId, 1);
	const before = await loadReleaseForDeploy(t.infra.db, a.tenantId, id);
	expect(before).toEqual({
		id,
		number: 1,
		status: "incomplete",
		place: { sha256: sha(place), size: place.length, fileName: "ToolBoxAI.rbxl" },
		assets: [{ name: "images/logo.png", sha256: sha(logo), size: logo.length, assetType: "Image" }],
		lessons: [{ lessonId: "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", version: "1.0.0" }],
		missingFiles: [sha(place), sha(logo)],
		notes: "first",
		createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
	});
	await store(a.tenantId, place);
	expect((await loadReleaseForDeploy(t.infra.db, a.tenantId, id)).missingFiles).toEqual([sha(logo)]);
	await store(a.tenantId, logo);
	expect(await loadReleaseForDeploy(t.infra.db, a.tenantId, id)).toMatchObject({ status: "ready", missingFiles: [] });
	// Upper-case ids name the same release.
	expect((await loadReleaseForDeploy(t.infra.db, a.tenantId, id.toUpperCase())).id).toBe(id);
});

test("another school's release, an unknown id and a non-uuid are not_found", async () => {
	const id = await insertRelease(a.tenantId, 2);
	for (const [tenantId, releaseId] of [
		[b.tenantId, id],
		[a.tenantId, randomUUID()],
		[a.tenantId, "not-a-uuid"],
	] as const) {
		await expect(loadReleaseForDeploy(t.infra.db, tenantId, releaseId)).rejects.toMatchObject({ code: "not_found" });
	}
});

test("a file stored by one school is missing for another that names the same hash", async () => {
	const id = await insertRelease(b.tenantId, 1);
	// School A stored these exact bytes above; B has not.
	expect((await loadReleaseForDeploy(t.infra.db, b.tenantId, id)).missingFiles).toEqual([sha(place), sha(logo)]);
});

test("readStoredFile returns the bytes under tenants/<tenant>/files/<sha256>, refuses missing or damaged ones", async () => {
	const bytes = Buffer.from("some asset bytes");
	expect(storedFilePath(a.tenantId, sha(bytes))).toBe(`tenants/${a.tenantId}/files/${sha(bytes)}`);
	await expect(readStoredFile(t.infra.storage, a.tenantId, sha(bytes))).rejects.toMatchObject({ code: "not_found" });
	await t.infra.storage.put(storedFilePath(a.tenantId, sha(bytes)), bytes, "application/octet-stream");
	expect(await readStoredFile(t.infra.storage, a.tenantId, sha(bytes))).toEqual(bytes);
	// Another school's prefix does not hold it.
	await expect(readStoredFile(t.infra.storage, b.tenantId, sha(bytes))).rejects.toBeInstanceOf(AppError);
	// Bytes that no longer match their name are never handed out.
	await t.infra.storage.put(storedFilePath(a.tenantId, sha(bytes)), Buffer.from("tampered"), "application/octet-stream");
	await expect(readStoredFile(t.infra.storage, a.tenantId, sha(bytes))).rejects.toMatchObject({ code: "internal" });
});

test("storedFilePath refuses anything but a tenant uuid and a lower-case sha256", () => {
	const good = "a".repeat(64);
	expect(() => storedFilePath("../x", good)).toThrow();
	expect(() => storedFilePath(a.tenantId, "../../etc")).toThrow();
	expect(() => storedFilePath(a.tenantId, good.toUpperCase())).toThrow();
	expect(() => storedFilePath(a.tenantId.toUpperCase(), good)).toThrow();
});
