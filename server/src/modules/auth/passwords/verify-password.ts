import { verify } from "@node-rs/argon2";
import { hashPassword } from "./hash-password";

/** Hashed once per process: checking against it costs what a real check costs. */
let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `passwordHash`. With no hash (unknown email, or an account without a
 * password) it still runs a full argon2 check against a dummy, so the answer takes as long either way and
 * response time does not tell whether an account exists.
 */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
	if (passwordHash === null || passwordHash === undefined) {
		dummyHash ??= hashPassword("toolboxai dummy password for timing");
		await verify(await dummyHash, password).catch(() => false);
		return false;
	}
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash is a failed check, not a 500 that would single the account out.
		return false;
	}
}
