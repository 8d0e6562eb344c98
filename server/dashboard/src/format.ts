/** Dates in the reader's own locale and time zone; the wire carries ISO 8601 UTC. */
export function formatTime(iso: string | undefined): string {
	if (iso === undefined) return "—";
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatWait(seconds: number): string {
	if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
