import type { PrivacyDownload } from "@toolboxai/shared";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import { DOWNLOAD_LINK_SECONDS } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import { visibleRequest } from "./list-requests";

/** A short-lived signed link to a finished export's archive; every link handed out is audited. */
export async function downloadPrivacyArchive(deps: PrivacyDeps, caller: UserCaller, input: { readonly requestId: string }): Promise<PrivacyDownload> {
	const db = deps.infra.db;
	const row = await withTenant(db, caller.tenantId, (transaction) => visibleRequest(db, transaction, caller, input.requestId));
	if (row.archive_path === null || row.archive_expires_at === null) throw new AppError("conflict", "This request has no archive yet: wait until the export is done.");
	const remaining = Math.floor((Date.parse(row.archive_expires_at) - Date.now()) / 1000);
	if (remaining <= 0) throw new AppError("conflict", "This export's archive has expired: record a new access request to make another.");
	const seconds = Math.min(DOWNLOAD_LINK_SECONDS, remaining);
	const url = await deps.infra.storage.signedUrl(row.archive_path, seconds);
	await recordAudit(db, { action: "privacy.export_downloaded", ...auditedBy(caller), targetType: "privacy_request", targetId: row.id, details: { kind: row.kind } });
	return { url, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
}
