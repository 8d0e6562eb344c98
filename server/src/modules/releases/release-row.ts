import type { Release, ReleaseAsset, ReleaseAssetType, ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** A releases row as read; sizes are bigint, which pg returns as text. */
export interface ReleaseRow {
	readonly id: string;
	readonly tenant_id: string;
	readonly number: number;
	readonly place_sha256: string;
	readonly place_size: string | number;
	readonly place_file_name: string;
	readonly lessons: ReleaseLesson[];
	readonly notes: string | null;
	readonly created_by_user_id: string | null;
	readonly created_at: Date;
}

interface ReleaseAssetRow {
	readonly release_id: string;
	readonly name: string;
	readonly sha256: string;
	readonly size: string | number;
	readonly asset_type: ReleaseAssetType;
}

export const RELEASE_COLUMNS = "id, tenant_id, number, place_sha256, place_size, place_file_name, lessons, notes, created_by_user_id, created_at";

/**
 * The wire form of releases read in `transaction` (inside the tenant's scope): their assets (by name) and the files
 * the tenant does not hold yet, in the order the release names them (place first).
 */
export async function toReleases(db: Sequelize, transaction: Transaction, tenantId: string, rows: ReadonlyArray<ReleaseRow>): Promise<Release[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const assetRows = await db.query<ReleaseAssetRow>(
		"SELECT release_id, name, sha256, size, asset_type FROM release_assets WHERE tenant_id = $1 AND release_id = ANY($2::uuid[]) ORDER BY release_id, name",
		{ bind: [tenantId, ids], type: QueryTypes.SELECT, transaction },
	);
	const hashes = [...new Set([...rows.map((row) => row.place_sha256), ...assetRows.map((row) => row.sha256)])];
	const stored = await db.query<{ sha256: string }>("SELECT sha256 FROM stored_files WHERE tenant_id = $1 AND sha256 = ANY($2::text[])", {
		bind: [tenantId, hashes],
		type: QueryTypes.SELECT,
		transaction,
	});
	const held = new Set(stored.map((row) => row.sha256));
	const assetsOf = new Map<string, ReleaseAsset[]>();
	for (const row of assetRows) {
		const list = assetsOf.get(row.release_id) ?? [];
		list.push({ name: row.name, sha256: row.sha256, size: Number(row.size), assetType: row.asset_type });
		assetsOf.set(row.release_id, list);
	}
	return rows.map((row) => toRelease(row, assetsOf.get(row.id) ?? [], held));
}

function toRelease(row: ReleaseRow, assets: ReleaseAsset[], held: ReadonlySet<string>): Release {
	const missing = [...new Set([row.place_sha256, ...assets.map((asset) => asset.sha256)])].filter((sha256) => !held.has(sha256));
	return {
		id: row.id,
		number: row.number,
		status: missing.length === 0 ? "ready" : "incomplete",
		place: { sha256: row.place_sha256, size: Number(row.place_size), fileName: row.place_file_name },
		assets,
		lessons: row.lessons,
		missingFiles: missing,
		...(row.notes === null ? {} : { notes: row.notes }),
		...(row.created_by_user_id === null ? {} : { createdByUserId: row.created_by_user_id }),
		createdAt: row.created_at.toISOString(),
	};
}
