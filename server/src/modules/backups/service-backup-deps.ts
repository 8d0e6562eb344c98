import type { AppDependencies } from "../../http/app-module";
import { backupKeyFrom } from "../../crypto/backup-cipher";
import type { TakeBackupDeps } from "./backup-deps";
import type { DumpSource } from "./dump/dump-source";
import { selectBackupTarget } from "./target/select-target";

/** The role pg_dump runs as: BACKUP_DATABASE_URL, else the tables' owner (MIGRATION_DATABASE_URL), else DATABASE_URL. */
export function backupDatabaseUrl(config: AppDependencies["config"]): string | undefined {
	return config.backup?.databaseUrl ?? config.migrationDatabaseUrl ?? config.databaseUrl;
}

/** Backups as the running service takes them; undefined without BACKUP_KEY. */
export function serviceBackupDeps(deps: Pick<AppDependencies, "config" | "infra" | "logger">): TakeBackupDeps | undefined {
	const settings = deps.config.backup;
	if (settings === undefined) return undefined;
	const url = backupDatabaseUrl(deps.config);
	const dump = deps.infra.dumpEmbeddedDatabase;
	let source: DumpSource;
	if (deps.infra.databaseDriver === "embedded" && dump !== undefined) source = { kind: "embedded", db: deps.infra.db, dumpDataDir: dump };
	else if (url !== undefined) source = { kind: "postgres", url, ...(settings.pgBinDir === undefined ? {} : { pgBinDir: settings.pgBinDir }) };
	else return undefined;
	return { target: selectBackupTarget(deps.config), keys: settings.keys.map(backupKeyFrom), source, logger: deps.logger.child({ component: "backup" }) };
}
