import { Algorithm, hash } from "@node-rs/argon2";

/**
 * argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane): ~30–45 ms here. The parameters live in
 * the encoded hash, so raising them later still verifies old hashes.
 */
export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}
