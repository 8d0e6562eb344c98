/**
 * The secret `npm run backup` shows the running embedded service: a file only this user can read, made at start.
 * Whoever can read the data directory can already copy the database, so the token grants nothing more.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { makePrivateDir, PRIVATE_FILE_MODE } from "../../config/private-files";

export function triggerTokenFile(dataDir: string): string {
	return path.join(dataDir, "secrets", "backup-trigger.token");
}

export function writeTriggerToken(dataDir: string): string {
	const file = triggerTokenFile(dataDir);
	makePrivateDir(path.dirname(file));
	const token = randomBytes(32).toString("hex");
	fs.writeFileSync(file, token, { mode: PRIVATE_FILE_MODE });
	fs.chmodSync(file, PRIVATE_FILE_MODE);
	return token;
}

export function readTriggerToken(dataDir: string): string | undefined {
	try {
		return fs.readFileSync(triggerTokenFile(dataDir), "utf8").trim();
	} catch {
		return undefined;
	}
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
	if (given === undefined) return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}
