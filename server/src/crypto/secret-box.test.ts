import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMasterKey, masterKeyFrom } from "./master-key";
import { open, seal, SecretBoxError } from "./secret-box";

const master = masterKeyFrom(randomBytes(32));

test("seal then open gives the plaintext back; the ciphertext names the master key and hides the text", () => {
	// A private JWK is what the service seals most (signing keys).
	const privateJwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
	const plaintext = JSON.stringify(privateJwk);
	const sealed = seal(master, plaintext, "test.purpose");
	expect(sealed.split(".")).toHaveLength(5);
	expect(sealed.split(".")[1]).toBe(master.id);
	expect(sealed).not.toContain(privateJwk.d as string);
	expect(open(master, sealed, "test.purpose")).toBe(plaintext);
	expect(seal(master, plaintext, "test.purpose")).not.toBe(sealed);
});

test("a changed ciphertext, tag, iv, purpose or key is refused", () => {
	const sealed = seal(master, "secret value", "p");
	const parts = sealed.split(".");
	const flip = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);
	for (const index of [2, 3, 4]) {
		const tampered = parts.map((part, i) => (i === index ? flip(part) : part)).join(".");
		expect(() => open(master, tampered, "p")).toThrow(SecretBoxError);
	}
	expect(() => open(master, sealed, "other purpose")).toThrow(/altered or belongs to another purpose/);
	const otherMaster = masterKeyFrom(randomBytes(32));
	expect(() => open(otherMaster, sealed, "p")).toThrow(/sealed under master key/);
	// Claiming another key's id does not help: the id is bound into the tag.
	expect(() => open(otherMaster, [parts[0], otherMaster.id, ...parts.slice(2)].join("."), "p")).toThrow(SecretBoxError);
	expect(() => open(master, "v0.x.y.z.w", "p")).toThrow(/known version/);
});

test("without SECRETS_KEY the master key is a 0600 file made once under the data dir", () => {
	const dataDir = mkdtempSync(path.join(tmpdir(), "tbx-master-"));
	try {
		const first = loadMasterKey({ dataDir });
		const file = path.join(dataDir, "secrets", "master.key");
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toEqual(first.key);
		expect(loadMasterKey({ dataDir })).toEqual(first);
		const configured = randomBytes(32);
		expect(loadMasterKey({ dataDir, secretsKey: configured }).key).toEqual(configured);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
