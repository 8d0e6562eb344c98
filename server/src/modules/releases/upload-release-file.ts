import { createHash } from "node:crypto";
import type { ReleaseAssetType, StoredFile } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { checkFile, type FileRole } from "./file-rules";
import type { ReleaseDeps } from "./release-deps";
import { storedFilePath } from "./stored-file";

/** PUT /v1/releases/:releaseId/files/:sha256: the path's ids and the body's bytes. */
export interface ReleaseFileUpload {
	readonly releaseId: string;
	/** As the path gives it: checked here (64 hex digits), any case. */
	readonly sha256: string;
	readonly body: Buffer;
	/** The body's SHA-256 when the reader computed it while receiving (http/raw-body.ts). */
	readonly bodySha256?: string;
}

interface NamedFile {
	readonly roles: FileRole[];
	/** The sizes the release declares for this hash (one, unless the manifest contradicted itself). */
	readonly declaredSizes: number[];
	readonly stored?: { size: number; contentType: string };
}

const SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Stores one file a release names, under the school's prefix, content-addressed. The bytes must hash to the sha256
 * in the path, be the declared size, and be what the release says the file is (place or asset type: magic bytes and
 * Roblox's limits). A file the school already holds is not stored again (200, alreadyStored).
 */
export async function uploadReleaseFile(deps: ReleaseDeps, caller: Caller, input: ReleaseFileUpload): Promise<{ file: StoredFile; created: boolean }> {
	const { db, storage } = deps.infra;
	const { releaseId, body, bodySha256 } = input;
	const sha256Param = input.sha256;
	if (!SHA256.test(sha256Param)) throw new AppError("not_found", "This release names no such file: the path ends with the file's SHA-256 (64 hex digits).");
	const sha256 = sha256Param.toLowerCase();
	const named = await loadNamedFile(db, caller.tenantId, releaseId, sha256);
	// Hash first: a body that is not the file named in the path is refused whatever else it is.
	const actual = bodySha256 ?? createHash("sha256").update(body).digest("hex");
	if (actual !== sha256) {
		throw new AppError("file_rejected", `The body's SHA-256 is ${actual}, not the ${sha256} this path names: the upload was damaged, or it is another file.`, {
			expectedSha256: sha256,
			actualSha256: actual,
		});
	}
	if (named.stored !== undefined) return { file: { sha256, size: named.stored.size, contentType: named.stored.contentType, alreadyStored: true }, created: false };
	const wrongSize = named.declaredSizes.find((size) => size !== body.length);
	if (wrongSize !== undefined)
		throw new AppError("file_rejected", `The release declares this file as ${wrongSize} bytes; the body has ${body.length}.`, { expectedSize: wrongSize, actualSize: body.length });
	let contentType: string | undefined;
	for (const role of named.roles) {
		const verdict = checkFile(role, body);
		if (!verdict.ok) throw new AppError("file_rejected", `Refused: ${verdict.problem}`, { role: role.kind === "place" ? "place" : role.assetType });
		contentType ??= verdict.contentType;
	}
	const type = contentType ?? "application/octet-stream";
	// Bytes first, row second: a stored_files row always means the bytes are there.
	await storage.put(storedFilePath(caller.tenantId, sha256), body, type);
	const inserted = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<{ sha256: string }>(
			"INSERT INTO stored_files (tenant_id, sha256, size, content_type) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, sha256) DO NOTHING RETURNING sha256",
			{ bind: [caller.tenantId, sha256, body.length, type], type: QueryTypes.SELECT, transaction },
		),
	);
	// A concurrent upload of the same bytes may have won the row: same bytes, same answer, but not "created".
	return { file: { sha256, size: body.length, contentType: type, alreadyStored: inserted.length === 0 }, created: inserted.length > 0 };
}

/** The roles the release gives this hash and whether the school already holds it; not_found when the release does not name it. */
async function loadNamedFile(db: Sequelize, tenantId: string, releaseId: string, sha256: string): Promise<NamedFile> {
	return withTenant(db, tenantId, async (transaction) => {
		const [release] = await db.query<{ number: number; place_sha256: string; place_size: string; place_file_name: string }>(
			"SELECT number, place_sha256, place_size, place_file_name FROM releases WHERE tenant_id = $1 AND id = $2",
			{ bind: [tenantId, releaseId], type: QueryTypes.SELECT, transaction },
		);
		if (release === undefined) throw new AppError("not_found", "No such release.");
		const assets = await db.query<{ asset_type: ReleaseAssetType; size: string }>(
			"SELECT DISTINCT asset_type, size FROM release_assets WHERE tenant_id = $1 AND release_id = $2 AND sha256 = $3",
			{
				bind: [tenantId, releaseId, sha256],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const roles: FileRole[] = [];
		const sizes = new Set<number>();
		if (release.place_sha256 === sha256) {
			roles.push({ kind: "place", fileName: release.place_file_name });
			sizes.add(Number(release.place_size));
		}
		for (const asset of assets) {
			if (!roles.some((role) => role.kind === "asset" && role.assetType === asset.asset_type)) roles.push({ kind: "asset", assetType: asset.asset_type });
			sizes.add(Number(asset.size));
		}
		if (roles.length === 0) throw new AppError("not_found", `Release ${release.number} names no file with this SHA-256: declare it in a release first.`);
		const [stored] = await db.query<{ size: string; content_type: string }>("SELECT size, content_type FROM stored_files WHERE tenant_id = $1 AND sha256 = $2", {
			bind: [tenantId, sha256],
			type: QueryTypes.SELECT,
			transaction,
		});
		return { roles, declaredSizes: [...sizes], ...(stored === undefined ? {} : { stored: { size: Number(stored.size), contentType: stored.content_type } }) };
	});
}
