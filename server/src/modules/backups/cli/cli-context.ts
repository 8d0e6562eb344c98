/** What `npm run backup` and `npm run restore` share: the settings, a quiet logger, the target and the keys. */
import type { Logger } from "pino";
import type { Config } from "../../../config/config";
import { ConfigError } from "../../../config/config-error";
import { loadConfig } from "../../../config/load-config";
import { backupKeyFrom } from "../../../crypto/backup-cipher";
import { createLogger } from "../../../logging/logger";
import type { BackupDeps } from "../backup-deps";
import { selectBackupTarget } from "../target/select-target";

export class CliFailure extends Error {}

export interface CliContext extends BackupDeps {
	readonly config: Config;
	readonly logger: Logger;
}

export function cliContext(env: NodeJS.ProcessEnv = process.env): CliContext {
	let config: Config;
	try {
		config = loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) throw new CliFailure(error.message);
		throw error;
	}
	if (config.backup === undefined) throw new CliFailure("BACKUP_KEY is not set: backups are encrypted with it (32 random bytes in base64: `openssl rand -base64 32`).");
	const logger = createLogger({ ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
	return { config, logger, target: selectBackupTarget(config), keys: config.backup.keys.map(backupKeyFrom) };
}

/** Runs a command's main: a failure is one line on stderr and exit code 1 (no stack for an operator's mistake). */
export function runCli(name: string, main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			process.stderr.write(`${name} failed: ${message}\n`);
			if (!(error instanceof CliFailure) && error instanceof Error && error.stack !== undefined && process.env.DEBUG_BACKUP === "1") process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		},
	);
}
