/**
 * `npm run keys:rotate`: makes a new current signing key. The old key stays in the JWKS and keeps verifying
 * until its tokens have expired, so nobody is signed out; running instances start signing with the new key
 * within their refresh interval (5 minutes), or at once when they meet its kid.
 */
import { loadConfig } from "../../../config/load-config";
import { openDatabase } from "../../../db/database";
import { createLogger } from "../../../logging/logger";
import { loadMasterKey } from "../../../crypto/master-key";
import { rotateSigningKey } from "./rotate-signing-key";

async function main(): Promise<void> {
	const config = loadConfig();
	const logger = createLogger({ ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
	const database = await openDatabase(config, logger);
	try {
		const { kid, retired } = await rotateSigningKey(database.db, loadMasterKey(config));
		process.stdout.write(`New current signing key: ${kid}\n`);
		if (retired.length > 0) process.stdout.write(`Retired (their tokens have all expired): ${retired.join(", ")}\n`);
	} finally {
		await database.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`Key rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
