import { backupsToKeep } from "./retention";

const at = (iso: string) => ({ id: iso, takenAt: new Date(iso) });

test("keeps the newest of each of the last 7 days and of each of the last 4 weeks", () => {
	// Two backups a day (03:00 scheduled, 15:00 by hand) for 60 days up to Monday 2026-12-07.
	const backups = [];
	for (let day = 0; day < 60; day++) {
		const date = new Date(Date.UTC(2026, 11, 7 - day));
		const ymd = date.toISOString().slice(0, 10);
		backups.push(at(`${ymd}T03:00:00.000Z`), at(`${ymd}T15:00:00.000Z`));
	}
	const keep = [...backupsToKeep(backups)].sort();
	expect(keep).toEqual(
		[
			// Daily: 2026-12-01 … 2026-12-07, the afternoon one of each.
			...["01", "02", "03", "04", "05", "06", "07"].map((d) => `2026-12-${d}T15:00:00.000Z`),
			// Weekly: the newest of the weeks starting Monday 11-30 (12-06), 11-23 (11-29) and 11-16 (11-22);
			// the week of 12-07 is already kept as a daily.
			"2026-11-22T15:00:00.000Z",
			"2026-11-29T15:00:00.000Z",
		].sort(),
	);
	expect(keep).toContain("2026-12-06T15:00:00.000Z");
});

test("days without a backup do not count; few backups are all kept", () => {
	const sparse = ["2026-01-01T03:00:00.000Z", "2026-03-01T03:00:00.000Z", "2026-06-01T03:00:00.000Z"].map(at);
	expect(backupsToKeep(sparse)).toEqual(new Set(sparse.map((b) => b.id)));
	expect(backupsToKeep([])).toEqual(new Set());
});
