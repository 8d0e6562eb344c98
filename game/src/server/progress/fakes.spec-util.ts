import { HttpService } from "@rbxts/services";
import type { ProgressDataStore } from "./store";

/**
 * Test helpers (".spec-util": kept out of production builds). A DataStore kept in memory per test, with Roblox's
 * semantics for what the sender uses: values are copied through JSON (as Roblox stores them), UpdateAsync's
 * transform returning nil cancels the write, and `failing` makes every call raise like a throttled DataStore.
 */
export interface MemoryDataStore extends ProgressDataStore {
	readonly data: Map<string, string>;
	failing: boolean;
	writes: number;
	/** The decoded value under `key` (undefined when absent). */
	peek(key: string): unknown;
}

export function memoryDataStore(): MemoryDataStore {
	const data = new Map<string, string>();
	const store: MemoryDataStore = {
		data,
		failing: false,
		writes: 0,
		peek(key) {
			const raw = data.get(key);
			return raw === undefined ? undefined : HttpService.JSONDecode(raw);
		},
		GetAsync(key) {
			if (store.failing) error("DataStore request was added to queue. If request queue fills, further requests will be dropped.", 0);
			return store.peek(key);
		},
		UpdateAsync(key, transform) {
			if (store.failing) error("DataStore request was added to queue. If request queue fills, further requests will be dropped.", 0);
			const updated = transform(store.peek(key));
			if (updated === undefined) return undefined;
			store.writes += 1;
			data.set(key, HttpService.JSONEncode(updated));
			return store.peek(key);
		},
		RemoveAsync(key) {
			if (store.failing) error("DataStore request was added to queue. If request queue fills, further requests will be dropped.", 0);
			const old = store.peek(key);
			data.delete(key);
			return old;
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
