import { createHash, randomBytes } from "node:crypto";

/** Recognisable by secret scanners and people: `tbx_` then 32 random bytes, base64url (47 characters). */
export const API_KEY_PREFIX = "tbx_";
const DISPLAY_PREFIX_LENGTH = 12;

export interface NewApiKeySecret {
	readonly secret: string;
	readonly hash: Buffer;
	readonly displayPrefix: string;
}

export function generateApiKeySecret(): NewApiKeySecret {
	const secret = API_KEY_PREFIX + randomBytes(32).toString("base64url");
	return { secret, hash: hashApiKeySecret(secret), displayPrefix: secret.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/**
 * SHA-256, unkeyed and fast on purpose: the secret carries 256 random bits, so a stolen hash cannot be
 * reversed by guessing, and a slow hash would only slow every game-server request. A keyed hash (HMAC with a
 * server secret) would tie every key to that secret's rotation for no gain against this threat.
 */
export function hashApiKeySecret(secret: string): Buffer {
	return createHash("sha256").update(secret, "utf8").digest();
}

/** Cheap shape check before any lookup: anything else cannot be one of our keys. */
export function looksLikeApiKey(secret: string): boolean {
	return secret.startsWith(API_KEY_PREFIX) && secret.length === API_KEY_PREFIX.length + 43 && /^[A-Za-z0-9_-]+$/.test(secret.slice(API_KEY_PREFIX.length));
}
