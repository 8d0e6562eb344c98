import type { ReleaseCreateRequest, ValidationIssue } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { ObjectStorage } from "../../infrastructure.types";
import { checkFile, contentTypesFor, type FileRole } from "./file-rules";
import { readStoredFile } from "./stored-file";

interface Declared {
	readonly path: string;
	readonly sha256: string;
	readonly role: FileRole;
}

/**
 * A file the school already holds is not uploaded again, so its upload-time check would never run for a new role:
 * a PNG stored as an Image then named as Audio would make a "ready" release that Roblox refuses. Each held file is
 * judged for the role this manifest gives it: by its stored content type when that settles it, else by its bytes.
 */
export async function heldFileKindIssues(db: Sequelize, storage: ObjectStorage, tenantId: string, input: ReleaseCreateRequest): Promise<ValidationIssue[]> {
	const declared: Declared[] = [
		{ path: "/place/fileName", sha256: input.place.sha256, role: { kind: "place", fileName: input.place.fileName } },
		...input.assets.map((asset, index) => ({ path: `/assets/${index}/assetType`, sha256: asset.sha256, role: { kind: "asset", assetType: asset.assetType } as const })),
	];
	const held = await withTenant(db, tenantId, (transaction) =>
		db.query<{ sha256: string; content_type: string }>("SELECT sha256, content_type FROM stored_files WHERE tenant_id = $1 AND sha256 = ANY($2::text[])", {
			bind: [tenantId, [...new Set(declared.map((d) => d.sha256))]],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	const typeOf = new Map(held.map((row) => [row.sha256, row.content_type]));
	const issues: ValidationIssue[] = [];
	const bytesOf = new Map<string, Buffer>();
	for (const { path, sha256, role } of declared) {
		const stored = typeOf.get(sha256);
		if (stored === undefined || contentTypesFor(role).includes(stored)) continue;
		// Rare (the same bytes in two roles, e.g. an .rbxm model that is also a place): read them once and judge.
		const bytes = bytesOf.get(sha256) ?? (await readStoredFile(storage, tenantId, sha256));
		bytesOf.set(sha256, bytes);
		const verdict = checkFile(role, bytes);
		if (!verdict.ok) issues.push({ path, code: "wrong_kind", message: `the service holds this file (by sha256) and it cannot be this: ${verdict.problem}` });
	}
	return issues;
}
