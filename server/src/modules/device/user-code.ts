import { randomInt } from "node:crypto";

/**
 * User codes: what a teacher types on the approval page. Consonants only (RFC 8628 §6.1): no vowels, so no
 * words; no 0/O or 1/I/L look-alikes among letters people confuse. 20^8 ≈ 2.6·10^10 codes, and a code lives 10
 * minutes, so guessing one is hopeless at any request rate the service accepts.
 */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

/** Eight characters from the alphabet, without the dash (the form stored and compared). */
export function generateUserCode(): string {
	let code = "";
	for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
	return code;
}

/** "BDFGHJKL" → "BDFG-HJKL", the form shown to people. */
export function formatUserCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed → the stored form, or undefined when it cannot be a user code. Case does not matter, and
 * the dash, spaces and other separators people type or paste along with it are ignored.
 */
export function normaliseUserCode(input: string): string | undefined {
	const code = input.toUpperCase().replace(/[\s\-_.]/g, "");
	if (code.length !== USER_CODE_LENGTH) return undefined;
	for (const char of code) if (!USER_CODE_ALPHABET.includes(char)) return undefined;
	return code;
}
