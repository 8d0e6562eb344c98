/**
 * The backup file format: AES-256-GCM over the whole dump, streamed.
 *
 *   "TBXBAK01" (8 bytes) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext | tag (16 bytes)
 *
 * The header is the GCM additional data, so a changed key id or nonce fails authentication like changed ciphertext.
 * The key id is the first 8 hex digits of SHA-256(key): a restore picks the matching BACKUP_KEY without trying each.
 * GCM only proves the bytes at the end, so decryption writes to a file that is used only once the stream finished
 * without error (a truncated or altered backup ends in `BackupAuthenticationError`).
 */
import { createCipheriv, createDecipheriv, createHash, type DecipherGCM, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

export const BACKUP_MAGIC = Buffer.from("TBXBAK01", "ascii");
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const BACKUP_KEY_BYTES = 32;

export interface BackupKey {
	readonly id: string;
	readonly key: Buffer;
}

export function backupKeyFrom(key: Buffer): BackupKey {
	if (key.length !== BACKUP_KEY_BYTES) throw new Error(`A backup key must be ${BACKUP_KEY_BYTES} bytes`);
	return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

export class BackupFormatError extends Error {
	readonly code = "backup_format";
}
export class BackupKeyMissingError extends Error {
	readonly code = "backup_key_missing";
	constructor(readonly keyId: string) {
		super(`This backup was encrypted with backup key ${keyId}, which is not among BACKUP_KEY: add that key (comma-separated after the current one) to restore it.`);
	}
}
export class BackupAuthenticationError extends Error {
	readonly code = "backup_authentication";
	constructor() {
		super("The backup does not authenticate: it is truncated, altered, or was encrypted with another key of the same id.");
	}
}

function headerFor(key: BackupKey, nonce: Buffer): Buffer {
	const id = Buffer.from(key.id, "ascii");
	return Buffer.concat([BACKUP_MAGIC, Buffer.from([id.length]), id, nonce]);
}

/** Plain bytes in, the backup format out. */
export function encryptBackup(key: BackupKey, nonce: Buffer = randomBytes(NONCE_BYTES)): Transform {
	const header = headerFor(key, nonce);
	const cipher = createCipheriv("aes-256-gcm", key.key, nonce);
	cipher.setAAD(header);
	let started = false;
	return new Transform({
		transform(chunk: Buffer, _encoding, done: TransformCallback) {
			if (!started) {
				started = true;
				this.push(header);
			}
			done(null, cipher.update(chunk));
		},
		flush(done: TransformCallback) {
			if (!started) this.push(header);
			this.push(cipher.final());
			done(null, cipher.getAuthTag());
		},
	});
}

/** The backup format in, plain bytes out; fails in flush when the tag does not match (see the file comment). */
export function decryptBackup(keys: ReadonlyArray<BackupKey>): Transform {
	let pending = Buffer.alloc(0);
	let decipher: DecipherGCM | undefined;
	const openHeader = (): boolean => {
		const fixed = BACKUP_MAGIC.length + 1;
		if (pending.length < fixed) return false;
		if (!pending.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) throw new BackupFormatError("This is not a ToolBoxAI backup (its first bytes are not TBXBAK01).");
		const idLength = pending[BACKUP_MAGIC.length] as number;
		const headerLength = fixed + idLength + NONCE_BYTES;
		if (pending.length < headerLength) return false;
		const id = pending.subarray(fixed, fixed + idLength).toString("ascii");
		const key = keys.find((candidate) => candidate.id === id);
		if (key === undefined) throw new BackupKeyMissingError(id);
		decipher = createDecipheriv("aes-256-gcm", key.key, pending.subarray(fixed + idLength, headerLength));
		decipher.setAAD(pending.subarray(0, headerLength));
		pending = pending.subarray(headerLength);
		return true;
	};
	return new Transform({
		transform(chunk: Buffer, _encoding, done: TransformCallback) {
			try {
				pending = Buffer.concat([pending, chunk]);
				if (decipher === undefined && !openHeader()) return done();
				// The last TAG_BYTES may be the tag: hold them back until the end.
				const usable = pending.length - TAG_BYTES;
				if (usable <= 0 || decipher === undefined) return done();
				const body = pending.subarray(0, usable);
				pending = Buffer.from(pending.subarray(usable));
				done(null, decipher.update(body));
			} catch (error) {
				done(error as Error);
			}
		},
		flush(done: TransformCallback) {
			if (decipher === undefined) return done(new BackupFormatError("The backup ends inside its header."));
			if (pending.length !== TAG_BYTES) return done(new BackupAuthenticationError());
			try {
				decipher.setAuthTag(pending);
				done(null, decipher.final());
			} catch {
				done(new BackupAuthenticationError());
			}
		},
	});
}
