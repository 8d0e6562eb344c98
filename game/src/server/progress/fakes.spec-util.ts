import { HttpService } from "@rbxts/services";
import type { KeyPages, RequestKind } from "./datastore-calls";
import type { ProgressDataStore } from "./store";

/**
 * Test helpers (".spec-util": kept out of production builds). A DataStore kept in memory per test, with Roblox's
 * semantics for what the game uses: values are copied through JSON (as Roblox stores them), UpdateAsync's
 * transform returning nil cancels the write, ListKeysAsync pages keys by prefix. Several servers may share one.
 * Failure modes, as Roblox shows them:
 * - `failing`: every call raises (an outage);
 * - `budgets`: requests left per kind; a call made with none left raises Roblox's "request dropped" throttle
 *   error (its queue is full) and is counted in `throttled` (code that checks the budget first never gets there);
 * - `failAfterWrite`: the next N writes land and then raise (the server never heard back);
 * - `cachedReads`: GetAsync answers what the key held before its last write (Roblox caches reads for 4 s), while
 *   UpdateAsync always sees the latest value.
 */
export interface MemoryDataStore extends ProgressDataStore {
	readonly data: Map<string, string>;
	failing: boolean;
	writes: number;
	/** Requests left by kind (undefined: unlimited); every call takes one of each kind it needs. */
	readonly budgets: Map<RequestKind, number>;
	/** Calls made with no budget left (each raised). */
	throttled: number;
	failAfterWrite: number;
	cachedReads: boolean;
	/** The budget the sender checks (DataStoreService:GetRequestBudgetForRequestType). */
	budget(kind: RequestKind): number;
	/** Every kind gets `n` requests (math.huge: unlimited again). */
	setBudget(n: number): void;
	/** The decoded value under `key` (undefined when absent). */
	peek(key: string): unknown;
}

const OUTAGE = "DataStore request was added to queue. If request queue fills, further requests will be dropped.";
const THROTTLED: { readonly [call: string]: string } = {
	get: "301: GetAsync request dropped. Request was throttled, but throttled request queue was full.",
	update: "304: UpdateAsync request dropped. Request was throttled, but throttled request queue was full.",
	remove: "306: RemoveAsync request dropped. Request was throttled, but throttled request queue was full.",
	list: "ListKeysAsync request dropped. Request was throttled, but throttled request queue was full.",
};

export function memoryDataStore(): MemoryDataStore {
	const data = new Map<string, string>();
	/** What each key held before its last write (cachedReads). */
	const before = new Map<string, string | undefined>();
	const remember = (key: string) => before.set(key, data.get(key));
	const budgets = new Map<RequestKind, number>();
	/** Takes the budget a call needs, or raises as Roblox does when its throttle queue is full. */
	const take = (call: string, kinds: ReadonlyArray<RequestKind>) => {
		if (store.failing) error(OUTAGE, 0);
		for (const kind of kinds) {
			if ((budgets.get(kind) ?? math.huge) < 1) {
				store.throttled += 1;
				error(THROTTLED[call], 0);
			}
		}
		for (const kind of kinds) {
			const left = budgets.get(kind);
			if (left !== undefined) budgets.set(kind, left - 1);
		}
	};
	const afterWrite = () => {
		if (store.failAfterWrite > 0) {
			store.failAfterWrite -= 1;
			error("502: API Services rejected request with error. HTTP 504 (Gateway Timeout)", 0);
		}
	};
	const store: MemoryDataStore = {
		data,
		failing: false,
		writes: 0,
		budgets,
		throttled: 0,
		failAfterWrite: 0,
		cachedReads: false,
		budget(kind) {
			return budgets.get(kind) ?? math.huge;
		},
		setBudget(n) {
			for (const kind of ["read", "write", "remove", "list"] as const) {
				if (n === math.huge) budgets.delete(kind);
				else budgets.set(kind, n);
			}
		},
		peek(key) {
			const raw = data.get(key);
			return raw === undefined ? undefined : HttpService.JSONDecode(raw);
		},
		GetAsync(key) {
			take("get", ["read"]);
			if (store.cachedReads && before.has(key)) {
				const raw = before.get(key);
				return raw === undefined ? undefined : HttpService.JSONDecode(raw);
			}
			return store.peek(key);
		},
		UpdateAsync(key, transform) {
			take("update", ["read", "write"]);
			const updated = transform(store.peek(key));
			if (updated === undefined) return undefined;
			store.writes += 1;
			remember(key);
			data.set(key, HttpService.JSONEncode(updated));
			afterWrite();
			return store.peek(key);
		},
		RemoveAsync(key) {
			take("remove", ["remove"]);
			const old = store.peek(key);
			remember(key);
			data.delete(key);
			afterWrite();
			return old;
		},
		ListKeysAsync(prefix = "", pageSize = 50) {
			take("list", ["list"]);
			const keys = new Array<string>();
			for (const [key] of data) if (key.sub(1, prefix.size()) === prefix) keys.push(key);
			keys.sort();
			let page = 0;
			const pages: KeyPages & { IsFinished: boolean } = {
				IsFinished: keys.size() <= pageSize,
				GetCurrentPage() {
					const out = new Array<{ KeyName: string }>();
					for (let i = page * pageSize; i < math.min(keys.size(), (page + 1) * pageSize); i++) out.push({ KeyName: keys[i] });
					return out;
				},
				AdvanceToNextPageAsync() {
					take("list", ["list"]);
					page += 1;
					pages.IsFinished = (page + 1) * pageSize >= keys.size();
				},
			};
			return pages;
		},
	};
	return store;
}

/** A clock the spec moves by hand: `sleep` advances it (the sender's flush waits with it). */
export interface FakeClock {
	readonly now: () => number;
	readonly sleep: (seconds: number) => void;
	readonly advance: (seconds: number) => void;
}

export function fakeClock(start = 1000): FakeClock {
	let t = start;
	return {
		now: () => t,
		sleep: (seconds) => {
			t += math.max(seconds, 0);
		},
		advance: (seconds) => {
			t += seconds;
		},
	};
}

let counter = 0;
/** Distinct UUIDs, readable in failures: 00000000-0000-4000-8000-<n>. */
export function sequentialIds(): () => string {
	return () => {
		counter += 1;
		return `00000000-0000-4000-8000-${string.format("%012d", counter)}`;
	};
}

/** The events a spill entry holds, whatever its format (format 2 `{v, owner, until, events}`, format 1 a bare array). */
export function spilledEvents(store: MemoryDataStore, key: string): Array<{ eventId: string; robloxUserId: number }> | undefined {
	const value = store.peek(key);
	if (value === undefined) return undefined;
	const record = value as { v?: number; events?: Array<{ eventId: string; robloxUserId: number }> };
	return record.v === undefined ? (value as Array<{ eventId: string; robloxUserId: number }>) : (record.events ?? []);
}
