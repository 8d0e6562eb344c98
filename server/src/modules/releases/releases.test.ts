/**
 * Releases through the real stack: declaring (numbering, lessons, refusals), uploading files (hash, size, format,
 * idempotence), reading, and who may do each, with a person's token or an API key.
 */
import type { Release } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { systemCaller } from "../../access/caller";
import { activeLessons } from "../lessons/active-lessons";
import { createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
import { addPerson, auditActions, bearer, createKey, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { createRelease, manifestOf, sha, uploadFile, type Credential, type FileSet } from "./__tests__/release-fixtures";
import * as sample from "./__tests__/sample-files";
import { UPLOAD_MAX_BYTES } from "./routes";
import { storedFilePath } from "./stored-file";

let database: TestDatabase;
let t: TestApp;
let admin: SchoolAdmin;
let teacher: Person;
let student: Person;
let other: SchoolAdmin;
let deployKey: { id: string; secret: string };
let runtimeKey: { id: string; secret: string };
let lessonId: string;

/** Bytes unique to a test, so one test's stored files never make another's missingFiles shorter. */
let counter = 0;
function files(): FileSet {
	counter++;
	return {
		place: { bytes: Buffer.concat([sample.rbxl(), Buffer.from(`place ${counter}`)]), fileName: "ToolBoxAI.rbxl" },
		assets: [
			{ name: "images/logo.png", bytes: Buffer.concat([sample.png(), Buffer.from(`logo ${counter}`)]), assetType: "Image" },
			{ name: "audio/ding.wav", bytes: Buffer.concat([sample.wav(), Buffer.from(`ding ${counter}`)]), assetType: "Audio" },
		],
	};
}

const as = (token: string): Credential => bearer(token);
const key = (secret: string): Credential => ({ "X-Api-Key": secret });

beforeAll(async () => {
	database = await createTestDatabase("releases");
	t = await startTestApp({ database });
	admin = await signupSchool(t, "Release Academy");
	teacher = await addPerson(t, admin.tenantId, ["teacher"], "Teacher");
	student = await addPerson(t, admin.tenantId, ["student"], "Student");
	other = await signupSchool(t, "Other School");
	deployKey = await createKey(t, admin.token, ["deployments:write"]);
	runtimeKey = await createKey(t, admin.token, ["runtime:read", "progress:write"]);
	// The school's games play one lesson: published, assigned to a class.
	lessonId = await seedLesson(t, teacher.token, ["1.0.0", "1.1.0"], "1.1.0");
	const klass = await createClassAs(t, teacher.token);
	const assigned = await request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(teacher.token)).send({ lessonId, version: "1.1.0" });
	expect(assigned.status).toBe(201);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("declaring a release", () => {
	it("answers 201 with the next number, the files to upload and, by default, the lessons the school plays now", async () => {
		const set = files();
		const res = await createRelease(t, as(admin.token), manifestOf(set, { notes: "first" }));
		expect(res.status).toBe(201);
		const release = res.body as Release;
		expect(release).toMatchObject({
			status: "incomplete",
			place: { sha256: sha(set.place.bytes), size: set.place.bytes.length, fileName: "ToolBoxAI.rbxl" },
			notes: "first",
			createdByUserId: admin.userId,
			// The place first, then the assets in name order (audio/ding.wav before images/logo.png).
			missingFiles: [sha(set.place.bytes), sha(set.assets[1]!.bytes), sha(set.assets[0]!.bytes)],
		});
		// Assets come back by name.
		expect(release.assets.map((a) => a.name)).toEqual(["audio/ding.wav", "images/logo.png"]);
		// The same selection the runtime serves to games.
		const active = await activeLessons({ infra: t.infra }, systemCaller(admin.tenantId, "releases test"));
		const activeItems = (JSON.parse(active.json) as { items: Array<{ lessonId: string; version: string }> }).items;
		expect(release.lessons).toEqual(activeItems.map((item) => ({ lessonId: item.lessonId, version: item.version })));
		expect(release.lessons).toEqual([{ lessonId, version: "1.1.0" }]);
		expect(await auditActions(t, admin.tenantId)).toContain("release.created");
		const again = await request(t.app).get(`/v1/releases/${release.id}`).set(as(admin.token));
		expect(again.body).toEqual(release);
	});

	it("takes the lessons it is given (any existing version, here an unpublished one), or none", async () => {
		const given = await createRelease(t, as(admin.token), manifestOf(files(), { lessons: [{ lessonId: lessonId.toUpperCase(), version: "1.0.0" }] }));
		expect(given.status).toBe(201);
		expect(given.body.lessons).toEqual([{ lessonId, version: "1.0.0" }]);
		const none = await createRelease(t, as(admin.token), manifestOf(files(), { lessons: [] }));
		expect(none.body.lessons).toEqual([]);
	});

	it("answers an identical manifest (assets in another order, other notes) with the existing release (200), even concurrently; any content change numbers a new one", async () => {
		const set = files();
		const first = await createRelease(t, as(admin.token), manifestOf(set, { notes: "first" }));
		expect(first.status).toBe(201);
		const reordered = { ...manifestOf(set), assets: [...manifestOf(set).assets].reverse(), notes: "again" };
		const same = await Promise.all([createRelease(t, as(admin.token), reordered), createRelease(t, key(deployKey.secret), manifestOf(set))]);
		expect(same.map((res) => res.status)).toEqual([200, 200]);
		for (const res of same) expect(res.body).toMatchObject({ id: first.body.id, number: first.body.number, notes: "first" });
		// Changing any one part of the content is another release.
		const renamed = manifestOf(set);
		const variants = [
			{ ...renamed, place: { ...renamed.place, fileName: "Other.rbxl" } },
			{ ...renamed, assets: renamed.assets.map((a, i) => (i === 0 ? { ...a, name: "images/other.png" } : a)) },
			{ ...renamed, assets: renamed.assets.slice(1) },
			{ ...renamed, lessons: [{ lessonId, version: "1.0.0" }] },
		];
		const numbers = new Set<number>([first.body.number]);
		for (const variant of variants) {
			const res = await createRelease(t, as(admin.token), variant);
			expect(res.status).toBe(201);
			numbers.add(res.body.number);
		}
		expect(numbers.size).toBe(variants.length + 1);
	});

	it("numbers releases 1, 2, 3... per school, with no gap or repeat when created concurrently", async () => {
		const fresh = await signupSchool(t, "Numbering School");
		const numbers: number[] = [];
		for (let i = 0; i < 2; i++) numbers.push((await createRelease(t, as(fresh.token), manifestOf(files()))).body.number);
		const concurrent = await Promise.all(Array.from({ length: 8 }, () => createRelease(t, as(fresh.token), manifestOf(files()))));
		expect(concurrent.map((res) => res.status)).toEqual(Array(8).fill(201));
		numbers.push(...concurrent.map((res) => res.body.number as number));
		expect(numbers.slice(0, 2)).toEqual([1, 2]);
		expect([...numbers].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		// Another school counts on its own.
		expect((await createRelease(t, as(other.token), manifestOf(files()))).body.number).toBe(1);
	});

	it("takes a manifest at the contract's limit (5,000 assets with long names, over the default 1 MiB body limit)", async () => {
		const assets = Array.from({ length: 5000 }, (_, i) => ({
			name: `images/${"deep-folder/".repeat(15)}${String(i).padStart(5, "0")}.png`,
			sha256: sha(Buffer.from(`asset ${i}`)),
			size: 1000 + i,
			assetType: "Image" as const,
		}));
		const body = { ...manifestOf(files()), assets, lessons: [] };
		expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(t.config.maxBodyBytes);
		const res = await createRelease(t, as(admin.token), body);
		expect(res.status).toBe(201);
		expect(res.body.assets).toHaveLength(5000);
		expect(res.body.missingFiles).toHaveLength(5001);
		expect((await request(t.app).get(`/v1/releases/${res.body.id}`).set(as(admin.token))).body.assets).toEqual([...assets].sort((x, y) => x.name.localeCompare(y.name)));
	});

	it.each<[string, (set: FileSet) => unknown, Array<{ path: string; code: string }>]>([
		[
			"an asset name used twice",
			(set) => manifestOf({ ...set, assets: [set.assets[0]!, { ...set.assets[1]!, name: set.assets[0]!.name }] }),
			[{ path: "/assets/1/name", code: "duplicate" }],
		],
		[
			"a place that is not .rbxl/.rbxlx",
			(set) => manifestOf({ ...set, place: { ...set.place, fileName: "game.zip" } }),
			[{ path: "/place/fileName", code: "unsupported_place_format" }],
		],
		["a place over 10 MiB", (set) => ({ ...manifestOf(set), place: { ...manifestOf(set).place, size: 10 * 1024 * 1024 + 1 } }), [{ path: "/place/size", code: "too_large" }]],
		["an asset over 20 MB", (set) => ({ ...manifestOf(set), assets: [{ ...manifestOf(set).assets[0]!, size: 20_000_001 }] }), [{ path: "/assets/0/size", code: "too_large" }]],
		[
			"one file with two sizes",
			(set) => ({ ...manifestOf(set), assets: [{ ...manifestOf(set).assets[0]!, sha256: sha(set.place.bytes), size: 5 }] }),
			[{ path: "/assets/0/size", code: "size_mismatch" }],
		],
		[
			"an unknown lesson version",
			() =>
				manifestOf(files(), {
					lessons: [
						{ lessonId, version: "1.0.0" },
						{ lessonId, version: "9.9.9" },
					],
				}),
			[{ path: "/lessons/1", code: "unknown_lesson_version" }],
		],
		[
			"a lesson version listed twice",
			() =>
				manifestOf(files(), {
					lessons: [
						{ lessonId, version: "1.0.0" },
						{ lessonId, version: "1.0.0" },
					],
				}),
			[{ path: "/lessons/1", code: "duplicate" }],
		],
	])("refuses %s with 422 naming the path", async (_label, make, issues) => {
		const before = await systemQuery<{ n: string }>(t, "SELECT count(*) AS n FROM releases WHERE tenant_id = $1", [admin.tenantId]);
		const res = await createRelease(t, as(admin.token), make(files()));
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("validation_failed");
		expect(res.body.error.details.issues).toEqual(issues.map((issue) => expect.objectContaining(issue)));
		const after = await systemQuery<{ n: string }>(t, "SELECT count(*) AS n FROM releases WHERE tenant_id = $1", [admin.tenantId]);
		expect(after).toEqual(before);
	});

	it("refuses another school's lesson as unknown, without echoing its id", async () => {
		const res = await createRelease(t, as(other.token), manifestOf(files(), { lessons: [{ lessonId, version: "1.1.0" }] }));
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: "/lessons/0", code: "unknown_lesson_version" })]);
		expect(res.text).not.toContain(lessonId);
	});

	it("refuses a declared size that contradicts a file the school already stored", async () => {
		const set = files();
		const first = await createRelease(t, as(admin.token), manifestOf(set));
		expect((await uploadFile(t, as(admin.token), first.body.id, sha(set.place.bytes), set.place.bytes)).status).toBe(201);
		const wrong = manifestOf(set);
		const res = await createRelease(t, as(admin.token), { ...wrong, place: { ...wrong.place, size: wrong.place.size + 1 } });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: "/place/size", code: "size_mismatch" })]);
	});
});

describe("files the school already holds, named again", () => {
	it("in a role their bytes fit: accepted and not missing (a PNG as a Decal; a binary place as an .rbxm model, judged by its bytes)", async () => {
		const set = files();
		const first = (await createRelease(t, as(admin.token), manifestOf(set))).body as Release;
		for (const file of [set.place, set.assets[0]!]) expect((await uploadFile(t, as(admin.token), first.id, sha(file.bytes), file.bytes)).status).toBe(201);
		const again = await createRelease(
			t,
			as(admin.token),
			manifestOf({
				place: set.place,
				assets: [
					{ ...set.assets[0]!, assetType: "Decal" },
					{ name: "models/place-as-model.rbxm", bytes: set.place.bytes, assetType: "Model" },
				],
			}),
		);
		expect(again.status).toBe(201);
		expect(again.body).toMatchObject({ status: "ready", missingFiles: [] });
	});

	it("in a role their bytes do not fit: 422 at declaration (else the release would be ready with a file Roblox refuses)", async () => {
		const set = files();
		const first = (await createRelease(t, as(admin.token), manifestOf(set))).body as Release;
		const [logo] = set.assets;
		expect((await uploadFile(t, as(admin.token), first.id, sha(logo!.bytes), logo!.bytes)).status).toBe(201);
		const res = await createRelease(t, as(admin.token), manifestOf({ place: set.place, assets: [{ ...logo!, name: "audio/logo-as-sound.mp3", assetType: "Audio" }] }));
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues).toEqual([
			{ path: "/assets/0/assetType", code: "wrong_kind", message: expect.stringContaining("an Audio asset must be MP3, OGG, WAV (RIFF…WAVE) or FLAC") },
		]);
	});
});

describe("uploading files", () => {
	it("missingFiles shrinks as files arrive; the release is ready when none is missing; re-uploads are 200 alreadyStored", async () => {
		const set = files();
		const release = (await createRelease(t, key(deployKey.secret), manifestOf(set))).body as Release;
		const [logo, ding] = set.assets as [FileSet["assets"][0], FileSet["assets"][0]];
		const place = await uploadFile(t, key(deployKey.secret), release.id, sha(set.place.bytes), set.place.bytes);
		expect(place.status).toBe(201);
		expect(place.body).toEqual({ sha256: sha(set.place.bytes), size: set.place.bytes.length, contentType: "application/octet-stream", alreadyStored: false });
		const get = () => request(t.app).get(`/v1/releases/${release.id}`).set(key(deployKey.secret));
		expect((await get()).body.missingFiles).toEqual([sha(ding.bytes), sha(logo.bytes)]);
		const image = await uploadFile(t, key(deployKey.secret), release.id, sha(logo.bytes).toUpperCase(), logo.bytes);
		expect(image.body).toEqual({ sha256: sha(logo.bytes), size: logo.bytes.length, contentType: "image/png", alreadyStored: false });
		expect((await get()).body).toMatchObject({ status: "incomplete", missingFiles: [sha(ding.bytes)] });
		expect((await uploadFile(t, key(deployKey.secret), release.id, sha(ding.bytes), ding.bytes)).body.contentType).toBe("audio/wav");
		expect((await get()).body).toMatchObject({ status: "ready", missingFiles: [] });
		// Stored once, under the school's prefix, with a row.
		expect(await t.infra.storage.get(storedFilePath(admin.tenantId, sha(logo.bytes)))).toEqual(logo.bytes);
		const rows = await systemQuery<{ size: string; content_type: string }>(t, "SELECT size, content_type FROM stored_files WHERE tenant_id = $1 AND sha256 = $2", [
			admin.tenantId,
			sha(logo.bytes),
		]);
		expect(rows).toEqual([{ size: String(logo.bytes.length), content_type: "image/png" }]);
		// Idempotent: the same bytes again are 200 and change nothing.
		const again = await uploadFile(t, key(deployKey.secret), release.id, sha(logo.bytes), logo.bytes);
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ sha256: sha(logo.bytes), size: logo.bytes.length, contentType: "image/png", alreadyStored: true });
		// A later release naming held files starts without them.
		const next = await createRelease(t, key(deployKey.secret), manifestOf({ place: set.place, assets: [logo] }));
		expect(next.body).toMatchObject({ status: "ready", missingFiles: [] });
	});

	it("two concurrent uploads of the same file store it once: one 201, one 200", async () => {
		const set = files();
		const release = (await createRelease(t, as(admin.token), manifestOf(set))).body as Release;
		const results = await Promise.all([0, 1, 2].map(() => uploadFile(t, as(admin.token), release.id, sha(set.place.bytes), set.place.bytes)));
		expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
		const rows = await systemQuery(t, "SELECT 1 FROM stored_files WHERE tenant_id = $1 AND sha256 = $2", [admin.tenantId, sha(set.place.bytes)]);
		expect(rows).toHaveLength(1);
	});

	describe("refusals store nothing", () => {
		let set: FileSet;
		let release: Release;
		beforeAll(async () => {
			set = files();
			release = (await createRelease(t, as(admin.token), manifestOf(set))).body;
		});
		afterEach(async () => {
			for (const file of [set.place, ...set.assets]) {
				expect(await t.infra.storage.get(storedFilePath(admin.tenantId, sha(file.bytes)))).toBeUndefined();
				expect(await systemQuery(t, "SELECT 1 FROM stored_files WHERE tenant_id = $1 AND sha256 = $2", [admin.tenantId, sha(file.bytes)])).toEqual([]);
			}
		});

		const expectRefused = (res: request.Response, status: number, code: string) => {
			expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
			expect(res.text).not.toMatch(LEAK_PATTERN);
			return res.body.error as { message: string; details?: Record<string, unknown> };
		};

		it("a body whose SHA-256 is not the path's (422 file_rejected, both hashes in details)", async () => {
			const tampered = Buffer.from(set.place.bytes);
			tampered[tampered.length - 1] ^= 1;
			const error = expectRefused(await uploadFile(t, as(admin.token), release.id, sha(set.place.bytes), tampered), 422, "file_rejected");
			expect(error.details).toEqual({ expectedSha256: sha(set.place.bytes), actualSha256: sha(tampered) });
		});

		it("bytes that are not what the release declares (an image where audio was declared)", async () => {
			// Release whose audio asset is in fact a PNG: hash and size are right, the bytes are not audio.
			const png = Buffer.concat([sample.png(), Buffer.from(`not audio ${counter}`)]);
			const liar = (await createRelease(t, as(admin.token), manifestOf({ place: set.place, assets: [{ name: "audio/song.mp3", bytes: png, assetType: "Audio" }] })))
				.body as Release;
			const error = expectRefused(await uploadFile(t, as(admin.token), liar.id, sha(png), png), 422, "file_rejected");
			expect(error.message).toBe("Refused: an Audio asset must be MP3, OGG, WAV (RIFF…WAVE) or FLAC; these bytes are none of them.");
			expect(await systemQuery(t, "SELECT 1 FROM stored_files WHERE tenant_id = $1 AND sha256 = $2", [admin.tenantId, sha(png)])).toEqual([]);
		});

		it("an XML place where the release declared a binary .rbxl", async () => {
			const xml = Buffer.concat([sample.rbxlx(), Buffer.from(`<!-- ${counter} -->`)]);
			const liar = (await createRelease(t, as(admin.token), manifestOf({ place: { bytes: xml, fileName: "ToolBoxAI.rbxl" }, assets: [] }))).body as Release;
			const error = expectRefused(await uploadFile(t, as(admin.token), liar.id, sha(xml), xml), 422, "file_rejected");
			expect(error.message).toContain("the place file ToolBoxAI.rbxl must be a binary Roblox file (<roblox! header)");
		});

		it("a body of another size than declared", async () => {
			const shortPlace = set.place.bytes.subarray(0, 30);
			const liar = (
				await createRelease(t, as(admin.token), {
					...manifestOf({ place: { bytes: shortPlace, fileName: "a.rbxl" }, assets: [] }),
					place: { sha256: sha(shortPlace), size: 31, fileName: "a.rbxl" },
				})
			).body as Release;
			const error = expectRefused(await uploadFile(t, as(admin.token), liar.id, sha(shortPlace), shortPlace), 422, "file_rejected");
			expect(error.details).toEqual({ expectedSize: 31, actualSize: 30 });
		});

		it("a body over the upload limit (413 before reading it)", async () => {
			expectRefused(await uploadFile(t, as(admin.token), release.id, sha(set.place.bytes), Buffer.alloc(UPLOAD_MAX_BYTES + 1)), 413, "payload_too_large");
		});

		it("a file the release does not name (404), an unknown release (404), a malformed hash (404)", async () => {
			const stranger = Buffer.concat([sample.png(), Buffer.from("stranger")]);
			expectRefused(await uploadFile(t, as(admin.token), release.id, sha(stranger), stranger), 404, "not_found");
			expectRefused(await uploadFile(t, as(admin.token), "3b0f5f6e-1111-4c1e-9a8f-2b6d4e0c1a7b", sha(set.place.bytes), set.place.bytes), 404, "not_found");
			expectRefused(await uploadFile(t, as(admin.token), release.id, "../../etc/passwd", set.place.bytes), 404, "not_found");
			expectRefused(await uploadFile(t, as(admin.token), release.id, "abc", set.place.bytes), 404, "not_found");
		});

		it("a body that is not application/octet-stream (415)", async () => {
			expectRefused(await uploadFile(t, as(admin.token), release.id, sha(set.place.bytes), set.place.bytes, "multipart/form-data; boundary=x"), 415, "unsupported_media_type");
		});

		it("another school's release: 404, as if it did not exist", async () => {
			expectRefused(await uploadFile(t, as(other.token), release.id, sha(set.place.bytes), set.place.bytes), 404, "not_found");
			expectRefused(await request(t.app).get(`/v1/releases/${release.id}`).set(as(other.token)), 404, "not_found");
			const listed = await request(t.app).get("/v1/releases").set(as(other.token));
			expect(listed.body.items.map((r: Release) => r.id)).not.toContain(release.id);
		});
	});
});

describe("reading releases", () => {
	it("lists newest first, paged with limit and cursor", async () => {
		const school = await signupSchool(t, "Paging School");
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await createRelease(t, as(school.token), manifestOf(files()))).body.id);
		const seen: string[] = [];
		let cursor: string | undefined;
		const pages: number[] = [];
		do {
			const res = await request(t.app)
				.get("/v1/releases")
				.query({ limit: 2, ...(cursor === undefined ? {} : { cursor }) })
				.set(as(school.token));
			expect(res.status).toBe(200);
			pages.push(res.body.items.length);
			seen.push(...res.body.items.map((r: Release) => r.id));
			cursor = res.body.nextCursor;
		} while (cursor !== undefined);
		expect(pages).toEqual([2, 2, 1]);
		expect(seen).toEqual([...ids].reverse());
		const numbers = (await request(t.app).get("/v1/releases").set(as(school.token))).body.items.map((r: Release) => r.number);
		expect(numbers).toEqual([5, 4, 3, 2, 1]);
	});

	it.each([
		["cursor", "not-ours"],
		["cursor", Buffer.from("r1|0").toString("base64url")],
		["limit", "0"],
		["limit", "101"],
		["limit", "ten"],
	])("?%s=%s → 400", async (name, value) => {
		const res = await request(t.app)
			.get("/v1/releases")
			.query({ [name]: value })
			.set(as(admin.token));
		expect(res.status).toBe(400);
	});

	it("an unknown or malformed id is 404", async () => {
		expect((await request(t.app).get("/v1/releases/3b0f5f6e-1111-4c1e-9a8f-2b6d4e0c1a7b").set(as(admin.token))).status).toBe(404);
		expect((await request(t.app).get("/v1/releases/latest").set(as(admin.token))).status).toBe(404);
	});
});

describe("who may", () => {
	let release: Release;
	let set: FileSet;
	beforeAll(async () => {
		set = files();
		release = (await createRelease(t, as(admin.token), manifestOf(set))).body;
	});

	it("a deploy manager's token and a key with deployments:write create, upload and read; the key is recorded as the creator", async () => {
		const viaKey = await createRelease(t, key(deployKey.secret), manifestOf(files()));
		expect(viaKey.status).toBe(201);
		expect(viaKey.body.createdByUserId).toBeUndefined();
		const [row] = await withTenant(t.infra.db, admin.tenantId, (transaction) =>
			t.infra.db.query<{ created_by_api_key_id: string | null }>("SELECT created_by_api_key_id FROM releases WHERE id = $1", {
				bind: [viaKey.body.id],
				type: QueryTypes.SELECT,
				transaction,
			}),
		);
		expect(row?.created_by_api_key_id).toBe(deployKey.id);
		const bearerKey = await request(t.app).get(`/v1/releases/${release.id}`).set(bearer(deployKey.secret));
		expect(bearerKey.status).toBe(200);
		expect((await uploadFile(t, bearer(deployKey.secret), release.id, sha(set.place.bytes), set.place.bytes)).status).toBe(201);
	});

	it("a teacher reads but cannot create or upload; a student can do neither", async () => {
		expect((await request(t.app).get("/v1/releases").set(as(teacher.token))).status).toBe(200);
		expect((await request(t.app).get(`/v1/releases/${release.id}`).set(as(teacher.token))).status).toBe(200);
		expect((await createRelease(t, as(teacher.token), manifestOf(files()))).status).toBe(403);
		const [logo] = set.assets;
		expect((await uploadFile(t, as(teacher.token), release.id, sha(logo!.bytes), logo!.bytes)).status).toBe(403);
		expect((await request(t.app).get("/v1/releases").set(as(student.token))).status).toBe(403);
		expect((await request(t.app).get(`/v1/releases/${release.id}`).set(as(student.token))).status).toBe(403);
	});

	it("a key without deployments:write is refused everything (403); no credential is 401", async () => {
		expect((await request(t.app).get("/v1/releases").set(key(runtimeKey.secret))).status).toBe(403);
		expect((await createRelease(t, key(runtimeKey.secret), manifestOf(files()))).status).toBe(403);
		const [logo] = set.assets;
		const refused = await uploadFile(t, key(runtimeKey.secret), release.id, sha(logo!.bytes), logo!.bytes);
		expect(refused.status).toBe(403);
		expect(await t.infra.storage.get(storedFilePath(admin.tenantId, sha(logo!.bytes)))).toBeUndefined();
		expect((await request(t.app).get("/v1/releases")).status).toBe(401);
		expect((await uploadFile(t, {}, release.id, sha(logo!.bytes), logo!.bytes)).status).toBe(401);
	});
});
