import { ProgressEvent } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";

/**
 * Where a game server keeps progress it has not delivered yet: one DataStore entry per server (key
 * `job/<JobId>`, an array of events) and an index entry listing those keys, so the next server can find what
 * a crashed or closed server left (Roblox's ListKeysAsync is not needed). The service ignores an event id it has
 * already counted, so keeping a copy here and in memory at once is safe; losing the last copy is what we avoid.
 * Every call may fail (budgets, outages): callers get false/undefined and keep the events in memory.
 */

/** The part of a Roblox DataStore used here (a GlobalDataStore fits; specs pass an in-memory one). */
export interface ProgressDataStore {
	GetAsync(key: string): unknown;
	UpdateAsync(key: string, transform: (current: unknown) => unknown): unknown;
	RemoveAsync(key: string): unknown;
}

export const PROGRESS_DATASTORE = "ToolBoxAIProgress";
export const INDEX_KEY = "pending";

export function jobKey(jobId: string): string {
	return `job/${jobId === "" ? "studio" : jobId}`;
}

function asList(current: unknown): Array<defined> {
	return typeIs(current, "table") ? (current as Array<defined>) : [];
}

/** An item the contract accepts: anything else can never be delivered. */
function deliverable(item: unknown): boolean {
	return parse(ProgressEvent, item).ok;
}

/** Events stored under `key`, and how many entries the contract refuses (left out: they can never be delivered). */
export function readSpill(store: ProgressDataStore, key: string): { readonly events: Array<ProgressEvent>; readonly invalid: number } | undefined {
	const [ok, value] = pcall(() => store.GetAsync(key));
	if (!ok) return undefined;
	const events = new Array<ProgressEvent>();
	let invalid = 0;
	for (const item of asList(value)) {
		const checked = parse(ProgressEvent, item);
		if (checked.ok) events.push(checked.value);
		else invalid += 1;
	}
	return { events, invalid };
}

/** Events stored under `key`; entries that no longer match the contract are left out. */
export function readEvents(store: ProgressDataStore, key: string): Array<ProgressEvent> | undefined {
	return readSpill(store, key)?.events;
}

export function appendEvents(store: ProgressDataStore, key: string, events: ReadonlyArray<ProgressEvent>): boolean {
	const [ok] = pcall(() =>
		store.UpdateAsync(key, (current) => {
			const list = [...asList(current)];
			for (const event of events) list.push(event);
			return list;
		}),
	);
	return ok && addToIndex(store, key);
}

/** Takes delivered (or set aside) ids out of `key`; an entry left empty is removed, with its index line. Returns false on failure. */
export function removeEvents(store: ProgressDataStore, key: string, delivered: ReadonlySet<string>): boolean {
	let left = 0;
	const [ok] = pcall(() =>
		store.UpdateAsync(key, (current) => {
			const kept = new Array<defined>();
			for (const item of asList(current)) {
				const id = typeIs(item, "table") ? (item as { eventId?: unknown }).eventId : undefined;
				if (!(typeIs(id, "string") && delivered.has(id))) kept.push(item);
			}
			left = kept.size();
			return kept;
		}),
	);
	if (!ok) return false;
	if (left > 0) return true;
	const [removed] = pcall(() => store.RemoveAsync(key));
	return removed && removeFromIndex(store, key);
}

/**
 * Takes the entries the contract refuses out of `key` (they can never be delivered, so no later server should read
 * them again); an entry left empty is removed, with its index line. Returns false on failure.
 */
export function purgeUndeliverable(store: ProgressDataStore, key: string): boolean {
	let left = 0;
	const [ok] = pcall(() =>
		store.UpdateAsync(key, (current) => {
			const kept = asList(current).filter((item) => deliverable(item));
			left = kept.size();
			return kept;
		}),
	);
	if (!ok) return false;
	if (left > 0) return true;
	const [removed] = pcall(() => store.RemoveAsync(key));
	return removed && removeFromIndex(store, key);
}

export function readIndex(store: ProgressDataStore): Array<string> | undefined {
	const [ok, value] = pcall(() => store.GetAsync(INDEX_KEY));
	if (!ok) return undefined;
	const keys = new Array<string>();
	for (const item of asList(value)) if (typeIs(item, "string")) keys.push(item);
	return keys;
}

function addToIndex(store: ProgressDataStore, key: string): boolean {
	const [ok] = pcall(() =>
		store.UpdateAsync(INDEX_KEY, (current) => {
			const keys = asList(current);
			// nil cancels the write: nothing to change
			if (keys.includes(key)) return undefined;
			return [...keys, key];
		}),
	);
	return ok;
}

export function removeFromIndex(store: ProgressDataStore, key: string): boolean {
	const [ok] = pcall(() =>
		store.UpdateAsync(INDEX_KEY, (current) => {
			const keys = asList(current);
			if (!keys.includes(key)) return undefined;
			return keys.filter((k) => k !== key);
		}),
	);
	return ok;
}
