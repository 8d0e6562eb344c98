import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { backupIdFor, dumpPath, manifestPath } from "./manifest";
import { backupsToKeep } from "./retention";
import { applyRetention } from "./take-backup";
import { LocalBackupTarget } from "./target/local-target";

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

test("applied to a target: what retention drops is removed, and unfinished uploads only once a day old", async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-retention-"));
	try {
		const target = new LocalBackupTarget(dir, true);
		const now = new Date("2026-12-07T03:00:00.000Z");
		const ids: string[] = [];
		for (let day = 0; day < 20; day++) {
			const takenAt = new Date(now.getTime() - day * 86_400_000);
			const id = backupIdFor(takenAt, "abcd");
			ids.push(id);
			const manifest = {
				manifestVersion: 1,
				id,
				takenAt: takenAt.toISOString(),
				format: "pg_dump_custom",
				size: 1,
				sha256: "0".repeat(64),
				keyId: "0123abcd",
				schemaVersion: "1150-x",
				serverVersion: "15.18",
				trigger: "schedule",
			};
			await target.writeText(manifestPath(id), JSON.stringify(manifest));
		}
		const abandoned = backupIdFor(new Date(now.getTime() - 2 * 86_400_000 - 3_600_000), "dead");
		const underWay = backupIdFor(new Date(now.getTime() - 3_600_000), "busy");
		for (const id of [abandoned, underWay]) await target.writeText(dumpPath(id), "partial");
		const removed = await applyRetention({ target }, now);
		const left = (await target.listFolders("backups")).sort();
		// 7 dailies (days 0-6) plus the newest of the 3 earlier weeks (Sunday 11-29, 11-22; the week of 11-30 is daily).
		expect(left).toEqual(
			[...ids.slice(0, 7), backupIdFor(new Date("2026-11-29T03:00:00.000Z"), "abcd"), backupIdFor(new Date("2026-11-22T03:00:00.000Z"), "abcd"), underWay].sort(),
		);
		expect(removed).toContain(abandoned);
		expect(removed).not.toContain(underWay);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
