import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { BACKUP_MAGIC, BackupAuthenticationError, BackupFormatError, BackupKeyMissingError, backupKeyFrom, decryptBackup, encryptBackup } from "./backup-cipher";

const current = backupKeyFrom(randomBytes(32));
const previous = backupKeyFrom(randomBytes(32));

/** Runs bytes through a transform in chunks of `chunk` bytes (a header or tag split across chunks must work). */
async function through(transform: NodeJS.ReadWriteStream, input: Buffer, chunk = 7): Promise<Buffer> {
	const parts: Buffer[] = [];
	const chunks = Array.from({ length: Math.ceil(input.length / chunk) }, (_, i) => input.subarray(i * chunk, (i + 1) * chunk));
	await pipeline(
		Readable.from(chunks),
		transform,
		new Writable({
			write(data: Buffer, _encoding, done) {
				parts.push(data);
				done();
			},
		}),
	);
	return Buffer.concat(parts);
}

test("round trip in odd-sized chunks; the header names the key and the dump is not readable", async () => {
	const plain = Buffer.concat([Buffer.from("PGDMP custom dump of Aspen Academy "), randomBytes(100_000)]);
	const sealed = await through(encryptBackup(current), plain, 4093);
	expect(sealed.subarray(0, 8).equals(BACKUP_MAGIC)).toBe(true);
	expect(sealed.subarray(9, 9 + sealed[8]!).toString("ascii")).toBe(current.id);
	expect(sealed.length).toBe(plain.length + 8 + 1 + 8 + 12 + 16);
	expect(sealed.includes(Buffer.from("Aspen Academy"))).toBe(false);
	for (const size of [1, 7, 4096, sealed.length]) expect((await through(decryptBackup([previous, current]), sealed, size)).equals(plain)).toBe(true);
	// Two backups of the same bytes differ (a fresh nonce each).
	expect((await through(encryptBackup(current), plain, 4093)).equals(sealed)).toBe(false);
});

test("an empty dump round-trips too", async () => {
	const sealed = await through(encryptBackup(current), Buffer.alloc(0));
	expect((await through(decryptBackup([current]), sealed)).length).toBe(0);
});

test("an older key still decrypts; a key no longer configured is named", async () => {
	const sealed = await through(encryptBackup(previous), Buffer.from("kept from before the rotation"));
	expect((await through(decryptBackup([current, previous]), sealed)).toString()).toBe("kept from before the rotation");
	const error = await through(decryptBackup([current]), sealed).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(BackupKeyMissingError);
	expect((error as Error).message).toContain(previous.id);
});

test("altered ciphertext, header, tag, or a truncated file fail authentication", async () => {
	const sealed = await through(encryptBackup(current), randomBytes(5000));
	const flip = (at: number) => {
		const copy = Buffer.from(sealed);
		copy[at] = (copy[at] ?? 0) ^ 1;
		return copy;
	};
	for (const altered of [flip(2000), flip(sealed.length - 1), flip(8 + 1 + 8 + 3), sealed.subarray(0, sealed.length - 100), sealed.subarray(0, sealed.length - 1)]) {
		await expect(through(decryptBackup([current]), altered)).rejects.toBeInstanceOf(BackupAuthenticationError);
	}
	// Another key with the same id (a forged header) authenticates nothing either.
	const impostor = { id: current.id, key: randomBytes(32) };
	await expect(through(decryptBackup([impostor]), sealed)).rejects.toBeInstanceOf(BackupAuthenticationError);
});

test("something that is not a backup is refused by its first bytes", async () => {
	await expect(through(decryptBackup([current]), Buffer.from("PGDMP not encrypted at all"))).rejects.toBeInstanceOf(BackupFormatError);
	await expect(through(decryptBackup([current]), Buffer.from("TBX"))).rejects.toBeInstanceOf(BackupFormatError);
});
