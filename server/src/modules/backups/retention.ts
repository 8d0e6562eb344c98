/**
 * Which backups to keep: the newest of each of the 7 most recent days that have one, and the newest of each of the
 * 4 most recent weeks (UTC, weeks from Monday) that have one. Everything else goes. Days and weeks without a backup
 * do not count, so a service that was off for a month still keeps its last 7 dailies.
 */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

export interface Dated {
	readonly id: string;
	readonly takenAt: Date;
}

export function backupsToKeep(backups: ReadonlyArray<Dated>, keep = { daily: KEEP_DAILY, weekly: KEEP_WEEKLY }): Set<string> {
	const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
	return new Set([...newestPer(newestFirst, dayOf, keep.daily), ...newestPer(newestFirst, weekOf, keep.weekly)]);
}

function newestPer(newestFirst: ReadonlyArray<Dated>, period: (date: Date) => string, count: number): string[] {
	const seen = new Set<string>();
	const kept: string[] = [];
	for (const backup of newestFirst) {
		const key = period(backup.takenAt);
		if (seen.has(key)) continue;
		if (seen.size === count) break;
		seen.add(key);
		kept.push(backup.id);
	}
	return kept;
}

function dayOf(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** The Monday (UTC) that starts the date's week. */
function weekOf(date: Date): string {
	const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
	monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
	return dayOf(monday);
}
