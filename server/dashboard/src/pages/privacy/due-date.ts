const DAY_MS = 24 * 3600 * 1000;

/** "due in 12 days", "due today", "3 days overdue": the countdown a request's row shows, from its (extended) date. */
export function dueWords(dueIso: string, now: number = Date.now()): string {
	const days = Math.ceil((Date.parse(dueIso) - now) / DAY_MS);
	if (days > 1) return `due in ${days} days`;
	if (days === 1) return "due tomorrow";
	if (days === 0) return "due today";
	return `${-days} day${days === -1 ? "" : "s"} overdue`;
}

export const KIND_WORDS: Readonly<Record<string, string>> = {
	access: "Export (access)",
	rectification: "Correction",
	erasure: "Erasure",
	restriction: "Restriction",
};

export const STATUS_WORDS: Readonly<Record<string, string>> = {
	received: "Received",
	in_progress: "In progress",
	completed: "Done",
	failed: "Failed",
	routed: "Passed to you (from outside)",
};
