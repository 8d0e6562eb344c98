/** Codes are XXXX-XXXX; people type them in lower case, with spaces, or without the dash. */
export function normaliseUserCode(input: string): string {
	const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
	return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}
