import { QueryTypes } from "sequelize";
import { withTenant } from "../../../../db/tenant-scope";
import { buildExportArchive } from "../../export/build-archive";
import type { ExportScope } from "../../export/export-scope";
import { ARCHIVE_DAYS, archivePath } from "../../privacy-names";
import { subjectLabel } from "../../requests/request-row";
import type { PipelineStep } from "../pipeline-step";

/** Builds the export archive into storage and records where it is and until when it can be downloaded. */
export const buildArchiveStep: PipelineStep = {
	name: "build-archive",
	async run({ deps, request }) {
		const db = deps.infra.db;
		let scope: ExportScope = { tenantId: request.tenant_id, subject: { kind: "school" } };
		if (request.subject_kind !== "school" && request.subject_user_id !== null) {
			const [user] = await db.query<{ email: string | null; roblox_user_id: string | null }>("SELECT email, roblox_user_id::text AS roblox_user_id FROM users WHERE id = $1", {
				bind: [request.subject_user_id],
				type: QueryTypes.SELECT,
			});
			scope = { tenantId: request.tenant_id, subject: { kind: "person", userId: request.subject_user_id, email: user?.email ?? null, robloxUserId: user?.roblox_user_id ?? null } };
		}
		const objectPath = archivePath(request.tenant_id, request.id);
		const built = await buildExportArchive(
			{ db, storage: deps.infra.storage },
			scope,
			{ requestId: request.id, subject: subjectLabel(request), generatedAt: new Date().toISOString() },
			objectPath,
		);
		await withTenant(db, request.tenant_id, (transaction) =>
			db.query(`UPDATE privacy_requests SET archive_path = $2, archive_bytes = $3, archive_expires_at = now() + make_interval(days => $4), updated_at = now() WHERE id = $1`, {
				bind: [request.id, objectPath, built.bytes, ARCHIVE_DAYS],
				transaction,
			}),
		);
		return { bytes: built.bytes, rows: built.rows, expiresInDays: ARCHIVE_DAYS };
	},
};
