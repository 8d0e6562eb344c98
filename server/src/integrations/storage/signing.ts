import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Signed URLs for the local storage driver. The HMAC key is derived (HKDF) from a random secret kept in
 * `<dataDir>/secrets/storage.key`, created on first run, so links survive restarts and one leaked
 * derived key says nothing about other uses of the secret.
 */
export const STORAGE_KEY_FILE = path.join("secrets", "storage.key");
const KEY_INFO = "toolboxai/storage/signed-url/v1";

export function loadSigningKey(dataDir: string): Buffer {
	const file = path.join(dataDir, STORAGE_KEY_FILE);
	const secret = readOrCreateSecret(file);
	return Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), KEY_INFO, 32));
}

function readOrCreateSecret(file: string): Buffer {
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	try {
		// "wx": never overwrite a secret another start created a moment ago.
		fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
	}
	const secret = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
	if (secret.length < 32) throw new Error(`${file} does not hold a 32-byte hex secret`);
	return secret;
}

export function sign(key: Buffer, objectPath: string, expires: number): string {
	return crypto.createHmac("sha256", key).update(`${objectPath}\n${expires}`).digest("base64url");
}

/** Constant-time check of a signature, and that the link has not expired (`expires` in Unix seconds). */
export function verifySignature(key: Buffer, objectPath: string, expires: number, signature: string, now = Date.now()): boolean {
	if (!Number.isSafeInteger(expires) || expires * 1000 < now) return false;
	const expected = Buffer.from(sign(key, objectPath, expires));
	const given = Buffer.from(signature);
	return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
