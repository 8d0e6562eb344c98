import { createHash, randomBytes } from "node:crypto";

/** A random bearer secret with a prefix that says what it is (e.g. `rt_`): 32 bytes, base64url. */
export function newOpaqueToken(prefix: string): string {
	return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Stored instead of the token: a database leak then hands out no usable tokens. */
export function hashToken(token: string): Buffer {
	return createHash("sha256").update(token, "utf8").digest();
}
