/** The privacy module's names and periods, in one place. */

/** The job that runs a request's pipeline of steps. */
export const PRIVACY_RUN_REQUEST = "privacy.run_request";

/** An answer is due 30 days after the request is received. */
export const RESPONSE_DAYS = 30;
/** The one extension GDPR allows for complex or numerous requests: two more months, with a notice to the requester. */
export const EXTENSION_MONTHS = 2;

/** An export archive stays downloadable this long; then the link on the Privacy page says it has expired. */
export const ARCHIVE_DAYS = 7;
/** A signed download link works this long: short, because it is a bearer link to personal data. */
export const DOWNLOAD_LINK_SECONDS = 10 * 60;

/**
 * How long database backups keep a copy before they rotate out: the proof report states it, since an erasure or a
 * restriction cannot reach a backup that already exists (it is put beyond use and expires on its own).
 */
export const BACKUP_RETENTION_DAYS = 35;
export const BACKUP_RETENTION_TEXT = `Database backups are kept for ${BACKUP_RETENTION_DAYS} days and then deleted; until then they are encrypted, used only to restore the service, and read by nobody.`;

/** Object-storage folder of export archives: one per school, one archive per request. */
export function archivePath(tenantId: string, requestId: string): string {
	return `privacy-exports/${tenantId}/${requestId}.zip`;
}
