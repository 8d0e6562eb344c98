import { randomInt } from "node:crypto";

/**
 * Join codes: what a student types in game to join a class. No vowels (no words), and none of the look-alike
 * pairs people mix up on a projector or in a chat: 0/O, 1/I/L, 5/S, 2/Z, 8/B, 6/G, and Q (a tailed O).
 * 20 symbols ^ 7 ≈ 1.3·10^9 codes, and a code lives days, not months; guessing is further slowed by the
 * game's own rate limits.
 */
export const JOIN_CODE_ALPHABET = "CDFHJKMNPRTVWXY34679";
export const JOIN_CODE_LENGTH = 7;
export const JOIN_CODE_DEFAULT_DAYS = 14;

/** A fresh code from crypto randomness, in the stored (upper-case) form. */
export function generateJoinCode(): string {
	let code = "";
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return code;
}

/**
 * What a student typed → the stored form, or undefined when it cannot be a join code. Case does not matter,
 * and spaces or dashes typed along with it are ignored.
 */
export function normaliseJoinCode(input: string): string | undefined {
	const code = input.toUpperCase().replace(/[\s\-_.]/g, "");
	if (code.length !== JOIN_CODE_LENGTH) return undefined;
	for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return undefined;
	return code;
}
