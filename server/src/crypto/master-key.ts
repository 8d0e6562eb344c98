import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The two settings the master key comes from (a subset of the service's Config). */
export interface MasterKeySettings {
	readonly secretsKey?: Buffer;
	readonly dataDir: string;
}

export interface MasterKey {
	/** Short fingerprint written into every ciphertext, so a value encrypted under another key is recognised. */
	readonly id: string;
	readonly key: Buffer;
}

export const MASTER_KEY_BYTES = 32;

export function masterKeyFrom(key: Buffer): MasterKey {
	if (key.length !== MASTER_KEY_BYTES) throw new Error(`The master key must be ${MASTER_KEY_BYTES} bytes`);
	return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

/**
 * SECRETS_KEY when set (required in production). Otherwise a key file made once under the data dir (0600),
 * which suits one machine: the embedded default and development.
 */
export function loadMasterKey(config: MasterKeySettings): MasterKey {
	if (config.secretsKey !== undefined) return masterKeyFrom(config.secretsKey);
	const file = path.join(config.dataDir, "secrets", "master.key");
	return masterKeyFrom(readOrCreateKeyFile(file));
}

function readOrCreateKeyFile(file: string): Buffer {
	try {
		return decodeKeyFile(readFileSync(file, "utf8"), file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
	}
	mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	try {
		// "wx": if another process made it between our read and now, keep theirs.
		writeFileSync(file, `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
	}
	chmodSync(file, 0o600);
	return decodeKeyFile(readFileSync(file, "utf8"), file);
}

function decodeKeyFile(text: string, file: string): Buffer {
	const key = Buffer.from(text.trim(), "base64");
	if (key.length !== MASTER_KEY_BYTES) throw new Error(`The master key file ${file} does not hold ${MASTER_KEY_BYTES} bytes of base64`);
	return key;
}
