import type { ReleaseAsset, ReleaseCreateRequest, ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { RELEASE_COLUMNS, type ReleaseRow } from "./release-row";

/**
 * The school's newest release with exactly this content: the same place file (hash, size, name), the same assets
 * (name, hash, size, type — as a set) and the same lesson versions (as a set). Notes are not content: a redeclared
 * manifest with other notes still names the release that already holds those files.
 */
export async function findIdenticalRelease(
	db: Sequelize,
	transaction: Transaction,
	tenantId: string,
	place: ReleaseCreateRequest["place"],
	assets: ReadonlyArray<ReleaseAsset>,
	lessons: ReadonlyArray<ReleaseLesson>,
): Promise<ReleaseRow | undefined> {
	const lessonsJson = JSON.stringify(lessons.map((l) => ({ lessonId: l.lessonId, version: l.version })));
	const [row] = await db.query<ReleaseRow>(
		`SELECT ${RELEASE_COLUMNS} FROM releases r
		 WHERE r.tenant_id = $1 AND r.place_sha256 = $2 AND r.place_size = $3 AND r.place_file_name = $4
		   AND r.lessons @> $5::jsonb AND r.lessons <@ $5::jsonb AND jsonb_array_length(r.lessons) = $6
		   AND (SELECT count(*) FROM release_assets a WHERE a.release_id = r.id) = $7
		   AND (SELECT count(*) FROM release_assets a
		        JOIN unnest($8::text[], $9::text[], $10::bigint[], $11::text[]) AS m(name, sha256, size, asset_type)
		          ON m.name = a.name AND m.sha256 = a.sha256 AND m.size = a.size AND m.asset_type = a.asset_type
		        WHERE a.release_id = r.id) = $7
		 ORDER BY r.number DESC LIMIT 1`,
		{
			bind: [
				tenantId,
				place.sha256,
				place.size,
				place.fileName,
				lessonsJson,
				lessons.length,
				assets.length,
				assets.map((a) => a.name),
				assets.map((a) => a.sha256),
				assets.map((a) => a.size),
				assets.map((a) => a.assetType),
			],
			type: QueryTypes.SELECT,
			transaction,
		},
	);
	return row;
}
