import { createHash, randomBytes } from "node:crypto";

/**
 * Device codes: the secret the plugin polls with. 256 random bits, so a hash without salt is enough, and only
 * the SHA-256 hash is stored: a copy of the database cannot be used to collect someone's tokens.
 */
export function generateDeviceCode(): string {
	return `dc_${randomBytes(32).toString("base64url")}`;
}

export function hashDeviceCode(deviceCode: string): string {
	return createHash("sha256").update(deviceCode, "utf8").digest("hex");
}
