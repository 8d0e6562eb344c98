import { z } from "zod";

/** Where a backup's files live in its target: `backups/<id>/dump.enc` and `backups/<id>/manifest.json`. */
export const BACKUPS_PREFIX = "backups";
export const dumpPath = (id: string) => `${BACKUPS_PREFIX}/${id}/dump.enc`;
export const manifestPath = (id: string) => `${BACKUPS_PREFIX}/${id}/manifest.json`;
export const verificationPath = (id: string) => `${BACKUPS_PREFIX}/${id}/verification.json`;

/** A backup id is its time, sortable as text: 20261207T220501Z-3f9a (UTC, then 4 hex digits against collisions). */
export const BACKUP_ID = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

export function backupIdFor(takenAt: Date, suffix: string): string {
	return `${takenAt
		.toISOString()
		.replace(/[-:]/g, "")
		.replace(/\.\d{3}/, "")}-${suffix}`;
}

/** What was dumped: pg_dump's custom format (real Postgres) or PGlite's gzipped data directory (embedded). */
export const DUMP_FORMATS = ["pg_dump_custom", "pglite_datadir_tgz"] as const;
export type DumpFormat = (typeof DUMP_FORMATS)[number];

export const backupManifestSchema = z.object({
	manifestVersion: z.literal(1),
	id: z.string().regex(BACKUP_ID),
	takenAt: z.iso.datetime(),
	format: z.enum(DUMP_FORMATS),
	/** Bytes of the encrypted dump as stored, and its SHA-256 (hex): checked before anything is decrypted. */
	size: z.number().int().nonnegative(),
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	/** The BACKUP_KEY that encrypted it (its id, never the key). */
	keyId: z.string().regex(/^[0-9a-f]{8}$/),
	/** The newest migration applied when the dump was taken. */
	schemaVersion: z.string().min(1),
	/** Postgres's version (server_version), e.g. "15.18". */
	serverVersion: z.string().min(1),
	trigger: z.enum(["command", "schedule"]),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const verificationSchema = z.object({
	checkedAt: z.iso.datetime(),
	ok: z.boolean(),
	/** Tables found in the restored scratch database, and the newest migration there. */
	tables: z.number().int().nonnegative().optional(),
	schemaVersion: z.string().optional(),
	error: z.string().optional(),
});
export type BackupVerification = z.infer<typeof verificationSchema>;
