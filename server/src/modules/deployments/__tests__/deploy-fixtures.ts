/**
 * Environments and releases for deployment tests, written straight to the tables and storage (as the
 * environments and releases modules store them), so these tests depend on neither module's routes.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { ReleaseAssetType, ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import type { TestApp } from "../../../http/__tests__/harness";
import { loadMasterKey } from "../../../crypto/master-key";
import { seal } from "../../../crypto/secret-box";
import { keyPurpose } from "../../environments/environment-row";
import * as sample from "../../releases/__tests__/sample-files";
import { storedFilePath } from "../../releases/stored-file";

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A 1 x 1 PNG (signature + IHDR, as the release file rules read it) followed by bytes of its own: a distinct image per seed. */
export function pngFile(seed: string): Buffer {
	return Buffer.concat([sample.png(), Buffer.from(`image ${seed}`)]);
}

/** A binary place file's magic, then bytes of its own. */
export function placeFile(seed: string): Buffer {
	return Buffer.concat([Buffer.from("<roblox!", "latin1"), Buffer.from([0x89, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`place ${seed} ${randomBytes(4).toString("hex")}`)]);
}

export interface EnvironmentSeed {
	readonly name: string;
	readonly universeId?: number;
	readonly placeId?: number;
	readonly apiKey?: string;
	readonly ownerUserId?: number;
	readonly groupId?: number;
	readonly missingScopes?: string[];
}

export async function insertEnvironment(t: TestApp, tenantId: string, seed: EnvironmentSeed): Promise<{ id: string; universeId: number; placeId: number }> {
	const id = randomUUID();
	const universeId = seed.universeId ?? 4815162342;
	const placeId = seed.placeId ?? 1623420815;
	const sealed = seed.apiKey === undefined ? null : seal(loadMasterKey(t.config), seed.apiKey, keyPurpose(id));
	const status =
		seed.apiKey === undefined
			? null
			: JSON.stringify({ scopes: [], missingScopes: seed.missingScopes ?? [], ...(seed.ownerUserId === undefined ? {} : { ownerUserId: seed.ownerUserId }) });
	await withTenant(t.infra.db, tenantId, (transaction) =>
		t.infra.db.query(
			`INSERT INTO deployment_environments (id, tenant_id, name, universe_id, place_id, group_id, api_key_sealed, api_key_last_four, key_status)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			{ bind: [id, tenantId, seed.name, universeId, placeId, seed.groupId ?? null, sealed, seed.apiKey?.slice(-4) ?? null, status], transaction },
		),
	);
	return { id, universeId, placeId };
}

export interface AssetSeed {
	readonly name: string;
	readonly bytes: Buffer;
	readonly assetType: ReleaseAssetType;
}

export interface ReleaseSeed {
	readonly place: Buffer;
	readonly assets: ReadonlyArray<AssetSeed>;
	readonly lessons?: ReadonlyArray<ReleaseLesson>;
	/** Leave these files out of storage (the release stays incomplete). */
	readonly withoutFiles?: ReadonlyArray<string>;
}

/** A release with its files stored (unless left out). */
export async function insertRelease(t: TestApp, tenantId: string, seed: ReleaseSeed): Promise<{ id: string; number: number }> {
	const db = t.infra.db;
	const files = new Map<string, { bytes: Buffer; type: string }>([[sha256(seed.place), { bytes: seed.place, type: "application/octet-stream" }]]);
	for (const asset of seed.assets) files.set(sha256(asset.bytes), { bytes: asset.bytes, type: "image/png" });
	const stored = [...files].filter(([sha]) => !(seed.withoutFiles ?? []).includes(sha));
	for (const [sha, file] of stored) await t.infra.storage.put(storedFilePath(tenantId, sha), file.bytes, file.type);
	return withTenant(db, tenantId, async (transaction) => {
		for (const [sha, file] of stored) {
			await db.query("INSERT INTO stored_files (tenant_id, sha256, size, content_type) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", {
				bind: [tenantId, sha, file.bytes.length, file.type],
				transaction,
			});
		}
		const [row] = await db.query<{ id: string; number: number }>(
			`INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name, lessons)
			 VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM releases WHERE tenant_id = $1), $2, $3, 'ToolBoxAI.rbxl', $4) RETURNING id, number`,
			{ bind: [tenantId, sha256(seed.place), seed.place.length, JSON.stringify(seed.lessons ?? [])], type: QueryTypes.SELECT, transaction },
		);
		const release = row as { id: string; number: number };
		for (const asset of seed.assets) {
			await db.query("INSERT INTO release_assets (tenant_id, release_id, name, sha256, size, asset_type) VALUES ($1, $2, $3, $4, $5, $6)", {
				bind: [tenantId, release.id, asset.name, sha256(asset.bytes), asset.bytes.length, asset.assetType],
				transaction,
			});
		}
		return release;
	});
}

/** n distinct images named images/<i>.png. */
export function images(n: number, label = "v1"): AssetSeed[] {
	return Array.from({ length: n }, (_, i) => ({ name: `images/${String(i).padStart(4, "0")}.png`, bytes: pngFile(`${label}-${i}`), assetType: "Image" as const }));
}
