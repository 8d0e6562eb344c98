/**
 * Whether a member's display name matches what someone typed: case- and accent-insensitive, part of the name.
 * Done in the service on names as read (never in SQL), so it keeps working unchanged when names are stored
 * encrypted and only readable after decryption within one school.
 */
export function nameMatches(displayName: string, typed: string): boolean {
	const wanted = fold(typed.trim());
	return wanted === "" || fold(displayName).includes(wanted);
}

function fold(text: string): string {
	return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase("en");
}
