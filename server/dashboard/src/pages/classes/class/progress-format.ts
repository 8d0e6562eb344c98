/** Milliseconds as a person reads them: "45 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min${seconds % 60 === 0 ? "" : ` ${seconds % 60} s`}`;
	return `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? "" : ` ${minutes % 60} min`}`;
}

/** Points and scores: whole numbers as they are, fractions to one decimal. */
export const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export interface Paged<T> {
	readonly items: T[];
	readonly nextCursor?: string;
}
