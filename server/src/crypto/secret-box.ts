import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey } from "./master-key";

const VERSION = "v1";
const IV_BYTES = 12;

export class SecretBoxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "SecretBoxError";
	}
}

/**
 * AES-256-GCM: `v1.<master key id>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id says which master
 * key to use (rotation); `purpose` is bound as associated data, so a ciphertext cannot be moved to another use.
 */
export function seal(master: MasterKey, plaintext: string, purpose: string): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv("aes-256-gcm", master.key, iv);
	cipher.setAAD(Buffer.from(`${VERSION}.${master.id}.${purpose}`));
	const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
	return [VERSION, master.id, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function open(master: MasterKey, sealed: string, purpose: string): string {
	const parts = sealed.split(".");
	if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError("not a sealed value of a known version");
	const [, keyId, iv, body, tag] = parts as [string, string, string, string, string];
	if (keyId !== master.id) throw new SecretBoxError(`sealed under master key ${keyId}, but the configured master key is ${master.id}`);
	try {
		const decipher = createDecipheriv("aes-256-gcm", master.key, Buffer.from(iv, "base64url"));
		decipher.setAAD(Buffer.from(`${VERSION}.${keyId}.${purpose}`));
		decipher.setAuthTag(Buffer.from(tag, "base64url"));
		return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
	} catch {
		throw new SecretBoxError("the sealed value was altered or belongs to another purpose");
	}
}
