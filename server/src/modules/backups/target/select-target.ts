import type { Config } from "../../../config/config";
import type { BackupTarget } from "./backup-target";
import { LocalBackupTarget } from "./local-target";
import { SupabaseBackupTarget } from "./supabase-target";

/**
 * BACKUP_DIR when set (the operator names a folder, typically a mounted volume: taken to be off the instance);
 * otherwise the storage driver: Supabase Storage when configured, else DATA_DIR/backups on this instance.
 */
export function selectBackupTarget(config: Pick<Config, "backup" | "supabase" | "dataDir">): BackupTarget {
	if (config.backup?.dir !== undefined) return new LocalBackupTarget(config.backup.dir, true);
	if (config.supabase !== undefined) return new SupabaseBackupTarget(config.supabase);
	return new LocalBackupTarget(config.dataDir, false);
}
