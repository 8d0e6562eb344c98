import path from "node:path";
import { z } from "zod";
import type { BackupSettings } from "./config";
import type { SettingProblem } from "./config-error";

const KEY_EXPECTED = "must be one or two backup keys, comma-separated, each 32 random bytes in base64 (e.g. `openssl rand -base64 32`); the first encrypts";

/**
 * Backups: BACKUP_KEY (its own key, not SECRETS_KEY, so a backup stays readable after the secrets key rotates; a
 * second, older key after a comma still decrypts), BACKUP_SCHEDULE (off or daily), BACKUP_DIR (a folder for backups
 * instead of the storage driver, e.g. a mounted volume), BACKUP_DATABASE_URL (the role pg_dump and pg_restore run
 * as: it must read every row, so a role with BYPASSRLS) and BACKUP_PG_BIN_DIR (where pg_dump and pg_restore are).
 */
export const BACKUP_SETTINGS = {
	BACKUP_KEY: {
		schema: z
			.string()
			.transform((text) =>
				text
					.split(",")
					.map((part) => part.trim())
					.filter((part) => part !== ""),
			)
			.refine(
				(parts) => parts.length >= 1 && parts.length <= 2 && parts.every((part) => /^[A-Za-z0-9+/]+={0,2}$/.test(part) && Buffer.from(part, "base64").length === 32),
				KEY_EXPECTED,
			)
			.transform((parts) => parts.map((part) => Buffer.from(part, "base64")))
			.optional(),
		secret: true,
	},
	BACKUP_SCHEDULE: { schema: z.enum(["off", "daily"], { error: "must be off or daily" }).default("off"), secret: false },
	BACKUP_DIR: { schema: z.string().trim().min(1).optional(), secret: false },
	BACKUP_DATABASE_URL: {
		schema: z
			.string()
			.refine((text) => {
				try {
					return ["postgres:", "postgresql:"].includes(new URL(text).protocol);
				} catch {
					return false;
				}
			}, "must be a URL starting with postgres:// or postgresql:// (e.g. postgres://backup:password@db:5432/toolboxai)")
			.optional(),
		secret: true,
	},
	BACKUP_PG_BIN_DIR: { schema: z.string().trim().min(1).optional(), secret: false },
} as const;

export interface BackupSettingValues {
	readonly BACKUP_KEY?: Buffer[];
	readonly BACKUP_SCHEDULE?: "off" | "daily";
	readonly BACKUP_DIR?: string;
	readonly BACKUP_DATABASE_URL?: string;
	readonly BACKUP_PG_BIN_DIR?: string;
}

/** Backups are possible exactly when BACKUP_KEY is set; any other backup setting without it is refused. */
export function backupSettings(
	values: BackupSettingValues,
	given: (name: keyof typeof BACKUP_SETTINGS | "DATABASE_URL") => boolean,
	cwd: string,
): { settings?: BackupSettings; problems: SettingProblem[] } {
	const problems: SettingProblem[] = [];
	if (!given("BACKUP_KEY")) {
		const stray = (["BACKUP_DIR", "BACKUP_DATABASE_URL", "BACKUP_PG_BIN_DIR"] as const).find((name) => given(name));
		if (values.BACKUP_SCHEDULE === "daily")
			problems.push({ setting: "BACKUP_KEY", problem: "is required when BACKUP_SCHEDULE=daily (32 random bytes in base64: `openssl rand -base64 32`)" });
		else if (stray !== undefined) problems.push({ setting: "BACKUP_KEY", problem: `is required when ${stray} is set (32 random bytes in base64: \`openssl rand -base64 32\`)` });
	}
	if (given("BACKUP_DATABASE_URL") && !given("DATABASE_URL")) {
		problems.push({ setting: "BACKUP_DATABASE_URL", problem: "needs DATABASE_URL too (the embedded database is backed up by the running service)" });
	}
	if (problems.length > 0 || values.BACKUP_KEY === undefined) return { problems };
	return {
		problems,
		settings: {
			keys: values.BACKUP_KEY,
			schedule: values.BACKUP_SCHEDULE ?? "off",
			...(values.BACKUP_DIR === undefined ? {} : { dir: path.resolve(cwd, values.BACKUP_DIR) }),
			...(values.BACKUP_DATABASE_URL === undefined ? {} : { databaseUrl: values.BACKUP_DATABASE_URL }),
			...(values.BACKUP_PG_BIN_DIR === undefined ? {} : { pgBinDir: path.resolve(cwd, values.BACKUP_PG_BIN_DIR) }),
		},
	};
}
