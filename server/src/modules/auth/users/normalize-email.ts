/** One spelling per address for lookups and uniqueness: trimmed and lower-cased (the whole address, as most providers treat it). */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}
