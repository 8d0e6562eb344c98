import type { Logger } from "pino";
import type { BackupKey } from "../../crypto/backup-cipher";
import type { DumpSource } from "./dump/dump-source";
import type { BackupTarget } from "./target/backup-target";

/** What taking, restoring and checking a backup need; the command line and the running service build it alike. */
export interface BackupDeps {
	readonly target: BackupTarget;
	/** The first encrypts; all of them decrypt. */
	readonly keys: ReadonlyArray<BackupKey>;
	readonly logger: Logger;
}

export interface TakeBackupDeps extends BackupDeps {
	readonly source: DumpSource;
}
