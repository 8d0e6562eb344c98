import { ProgressEvent } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { CALL_NEEDS, type DataStoreAccess, type GameDataStore, guarded, listKeys, readFresh } from "./datastore-calls";

/**
 * Where a game server keeps progress it has not delivered yet, in the DataStore `ToolBoxAIProgress`: one entry per
 * server, key `job/<JobId>` (`job/<JobId>/<n>` after another server adopted an earlier one), no shared index.
 * Servers find each other's entries with ListKeysAsync("job/"), so no two servers ever write the same key
 * except to adopt a dead server's entry, and that goes through one UpdateAsync (atomic per key).
 *
 * Spill format 2 (written by this build):
 *   { v: 2, owner: "<JobId of the server holding the lease>", expires: <unix seconds the lease ends>, events: [ProgressEvent] }
 * Format 1 (earlier builds): a bare array of ProgressEvent, no lease. It is still read, and events are taken out of
 * it keeping its shape, so an older server still writing it loses nothing. An entry with a newer `v` is left alone.
 *
 * The lease: the owner renews `expires` while it lives; another server adopts the entry (takes the lease and sends
 * its events) only once `expires` has passed. An owner never appends to an entry whose lease another server holds:
 * it starts a new key instead, so the adopter may remove the entry once it is empty without racing an append.
 * Appends merge by eventId (an event already in the entry is not added again), so a retried write never doubles.
 * The service ignores an event id it has already counted: a copy here and in memory at once is safe; losing the
 * last copy is what this avoids.
 */

/** The DataStore the progress code uses (./datastore-calls). */
export type ProgressDataStore = GameDataStore;

export const PROGRESS_DATASTORE = "ToolBoxAIProgress";
export const SPILL_PREFIX = "job/";
export const SPILL_FORMAT = 2;

/** This server's spill key; `generation` > 0 after another server adopted an earlier one. */
export function jobKey(jobId: string, generation = 0): string {
	const base = `${SPILL_PREFIX}${jobId === "" ? "studio" : jobId}`;
	return generation === 0 ? base : `${base}/${generation}`;
}

/** A spill entry as read: format 1 has no lease. `future`: a newer format this build does not understand. */
export interface SpillEntry {
	readonly format: 1 | 2;
	readonly owner?: string;
	readonly expires?: number;
	readonly items: Array<defined>;
}

export function decodeSpill(value: unknown): SpillEntry | "future" | undefined {
	if (value === undefined) return undefined;
	if (!typeIs(value, "table")) return { format: 1, items: [] };
	const record = value as { v?: unknown; owner?: unknown; expires?: unknown; events?: unknown };
	if (record.v === undefined) return { format: 1, items: [...(value as Array<defined>)] };
	if (!typeIs(record.v, "number") || record.v > SPILL_FORMAT) return "future";
	return {
		format: 2,
		owner: typeIs(record.owner, "string") ? record.owner : undefined,
		expires: typeIs(record.expires, "number") ? record.expires : undefined,
		items: typeIs(record.events, "table") ? [...(record.events as Array<defined>)] : [],
	};
}

function encodeSpill(entry: SpillEntry): unknown {
	if (entry.format === 1) return entry.items;
	return { v: SPILL_FORMAT, owner: entry.owner, expires: entry.expires, events: entry.items };
}

function idOf(item: defined): string | undefined {
	const id = typeIs(item, "table") ? (item as { eventId?: unknown }).eventId : undefined;
	return typeIs(id, "string") ? id : undefined;
}

/** Whether `who` may write the entry as its own at `wallNow`: no lease, its own, or an expired one. */
export function leaseFree(entry: SpillEntry, who: string, wallNow: number): boolean {
	return entry.format === 1 || entry.owner === undefined || entry.owner === who || (entry.expires ?? 0) < wallNow;
}

export interface Spill {
	readonly events: Array<ProgressEvent>;
	/** Entries the contract refuses (left out: they can never be delivered). */
	readonly invalid: number;
	readonly entry: SpillEntry;
}

/**
 * The events stored under `key`; undefined when the read failed (or had no budget), or the entry is of a newer
 * format. `fresh`: past the read cache (reading back a write).
 */
export function readSpill(access: DataStoreAccess, key: string, fresh = false): Spill | undefined {
	const read = fresh ? readFresh(access, key) : guarded(access, CALL_NEEDS.get, (store) => store.GetAsync(key));
	if (!read.ok) return undefined;
	const entry = decodeSpill(read.value) ?? { format: 2, items: [] };
	if (entry === "future") return undefined;
	const events = new Array<ProgressEvent>();
	let invalid = 0;
	for (const item of entry.items) {
		const checked = parse(ProgressEvent, item);
		if (checked.ok) events.push(checked.value);
		else invalid += 1;
	}
	return { events, invalid, entry };
}

/** "emptied": the entry held nothing more and was removed. */
export type WriteOutcome = "ok" | "emptied" | "failed" | "lost_lease";

/**
 * Adds `events` to this server's entry (those already there are not added again) and renews its lease to
 * `expires`; with no events it only renews. "lost_lease": another server adopted the entry (this server was
 * thought dead): write to a new key. A call that raised is read back: success is reported only when the read
 * shows every event there under this server's lease.
 */
export function appendEvents(access: DataStoreAccess, key: string, owner: string, expires: number, wallNow: number, events: ReadonlyArray<ProgressEvent>, wait = 0): WriteOutcome {
	let lost = false;
	const written = guarded(
		access,
		CALL_NEEDS.update,
		(store) =>
			store.UpdateAsync(key, (current) => {
				lost = false;
				// Renewing an entry that is gone (emptied and removed) would bring it back empty.
				if (current === undefined && events.size() === 0) return undefined;
				const decoded = decodeSpill(current) ?? { format: 2 as const, items: [] };
				// A newer build's entry, or one another server holds: never written over.
				if (decoded === "future" || !leaseFree(decoded, owner, wallNow)) {
					lost = true;
					return undefined;
				}
				// An earlier build's entry (adopted) has no lease to renew, and keeps its shape for that build.
				if (decoded.format === 1 && events.size() === 0) return undefined;
				const items = [...decoded.items];
				const present = new Set<string>();
				for (const item of items) {
					const id = idOf(item);
					if (id !== undefined) present.add(id);
				}
				for (const event of events) if (!present.has(event.eventId)) items.push(event);
				return encodeSpill({ format: 2, owner, expires, items });
			}),
		wait,
	);
	if (written.ok) return lost ? "lost_lease" : "ok";
	if (written.reason === "no_budget") return "failed";
	return confirmAppend(access, key, owner, events, wait);
}

function confirmAppend(access: DataStoreAccess, key: string, owner: string, events: ReadonlyArray<ProgressEvent>, wait: number): WriteOutcome {
	const read = readFresh(access, key, wait);
	if (!read.ok) return "failed";
	const entry = decodeSpill(read.value);
	if (entry === undefined || entry === "future") return "failed";
	if (entry.format === 2 && entry.owner !== owner) return "lost_lease";
	const present = new Set<string>();
	for (const item of entry.items) {
		const id = idOf(item);
		if (id !== undefined) present.add(id);
	}
	for (const event of events) if (!present.has(event.eventId)) return "failed";
	return "ok";
}

/**
 * Takes ids out of `key` (delivered, set aside, or refused by the contract when `undeliverable`), keeping the
 * entry's format. An entry left empty is removed, only by the lease holder (or for a format-1 entry). Returns
 * "lost_lease" when another server holds the entry (it will deliver what is left); a raised call is read back.
 */
export function removeEvents(access: DataStoreAccess, key: string, owner: string, wallNow: number, ids: ReadonlySet<string>, undeliverable = false): WriteOutcome {
	let left = -1;
	let lost = false;
	let gone = false;
	const drop = (item: defined) => {
		const id = idOf(item);
		if (id !== undefined && ids.has(id)) return true;
		return undeliverable && !parse(ProgressEvent, item).ok;
	};
	const written = guarded(access, CALL_NEEDS.update, (store) =>
		store.UpdateAsync(key, (current) => {
			lost = false;
			left = -1;
			gone = false;
			const decoded = decodeSpill(current);
			if (decoded === undefined) {
				left = 0;
				gone = true;
				return undefined;
			}
			if (decoded === "future" || !leaseFree(decoded, owner, wallNow)) {
				lost = true;
				return undefined;
			}
			const kept = decoded.items.filter((item) => !drop(item));
			left = kept.size();
			if (kept.size() === decoded.items.size()) return undefined;
			return encodeSpill({ ...decoded, items: kept });
		}),
	);
	if (!written.ok) {
		if (written.reason === "no_budget") return "failed";
		const read = readSpill(access, key, true);
		if (read === undefined) return "failed";
		if (read.entry.format === 2 && read.entry.owner !== undefined && read.entry.owner !== owner) return "lost_lease";
		for (const item of read.entry.items) if (drop(item)) return "failed";
		left = read.entry.items.size();
	}
	if (lost) return "lost_lease";
	if (left !== 0) return "ok";
	if (gone) return "emptied";
	// Empty and this server's: no one else appends to it, so removing it loses nothing. A failed removal leaves an
	// empty entry that the next adopter removes.
	guarded(access, CALL_NEEDS.remove, (store) => store.RemoveAsync(key));
	return "emptied";
}

export type AdoptOutcome = "adopted" | "live" | "gone" | "failed";

/**
 * Takes the lease of another server's entry if that server is gone (its lease ended), so this server sends what
 * it left. One UpdateAsync: two servers can never both adopt. A format-1 entry (no lease) is adopted without
 * being rewritten. A raised call is read back: adopted only if the read shows this server's lease.
 */
export function adoptSpill(access: DataStoreAccess, key: string, owner: string, expires: number, wallNow: number): AdoptOutcome {
	let outcome: AdoptOutcome = "failed";
	const written = guarded(access, CALL_NEEDS.update, (store) =>
		store.UpdateAsync(key, (current) => {
			const decoded = decodeSpill(current);
			if (decoded === undefined) {
				outcome = "gone";
				return undefined;
			}
			if (decoded === "future" || !leaseFree(decoded, owner, wallNow)) {
				outcome = "live";
				return undefined;
			}
			outcome = "adopted";
			if (decoded.format === 1) return undefined;
			return encodeSpill({ ...decoded, owner, expires });
		}),
	);
	if (written.ok) return outcome;
	if (written.reason === "no_budget") return "failed";
	const read = readSpill(access, key, true);
	if (read === undefined) return "failed";
	return read.entry.format === 2 && read.entry.owner === owner ? "adopted" : "failed";
}

/** Spill keys of every server (this one's included); undefined when listing failed. */
export function listSpillKeys(access: DataStoreAccess): Array<string> | undefined {
	return listKeys(access, SPILL_PREFIX);
}
