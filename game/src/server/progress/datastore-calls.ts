/**
 * Every DataStore call of the game goes through here: the per-server request budget is checked first
 * (DataStoreService:GetRequestBudgetForRequestType), and a call with no budget is not made (or waits for budget
 * when the caller can wait: a close, an answer being saved). A call that raised is reported as such; whether a
 * write that raised landed anyway is the caller's question (Roblox: a failed write "does not always guarantee that
 * the backend write did not occur"), answered by reading back.
 */

/** The part of a Roblox DataStore used by the game (a DataStore fits; specs pass an in-memory one). */
export interface GameDataStore {
	GetAsync(key: string): unknown;
	UpdateAsync(key: string, transform: (current: unknown) => unknown): unknown;
	RemoveAsync(key: string): unknown;
	ListKeysAsync(prefix?: string, pageSize?: number, cursor?: string, excludeDeleted?: boolean): KeyPages;
}

/** DataStoreKeyPages as far as it is used. */
export interface KeyPages {
	/** DataStoreKey instances: KeyName is read. */
	GetCurrentPage(): ReadonlyArray<unknown>;
	readonly IsFinished: boolean;
	AdvanceToNextPageAsync(): void;
}

/**
 * The budget a call needs, by the modern DataStoreRequestType it counts against: read (GetAsync, the read of
 * UpdateAsync), write (the write of UpdateAsync), remove (RemoveAsync), list (ListKeysAsync).
 */
export type RequestKind = "read" | "write" | "remove" | "list";

export interface DataStoreAccess {
	readonly store: GameDataStore;
	/** Requests of this kind this server may make now; undefined: not known (no check). */
	readonly budget?: (kind: RequestKind) => number;
	/** Yields (task.wait in the game); needed only by callers that wait for budget. */
	readonly sleep?: (seconds: number) => void;
	/** Seconds, monotonic: bounds a wait for budget. */
	readonly now?: () => number;
}

export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: "no_budget" | "error"; readonly message: string };

/** What each call needs from the budget. */
export const CALL_NEEDS: { readonly [call in "get" | "update" | "remove" | "list"]: ReadonlyArray<RequestKind> } = {
	get: ["read"],
	update: ["read", "write"],
	remove: ["remove"],
	list: ["list"],
};

function hasBudget(access: Pick<DataStoreAccess, "budget">, needs: ReadonlyArray<RequestKind>): boolean {
	const budget = access.budget;
	if (budget === undefined) return true;
	for (const kind of needs) if (budget(kind) < 1) return false;
	return true;
}

/**
 * True when the call may be made: at once, or after waiting up to `wait` seconds for budget (checked every half
 * second). With no budget the call is never made: Roblox queues it and drops it when its queue is full.
 */
export function awaitBudget(access: Pick<DataStoreAccess, "budget" | "sleep" | "now">, needs: ReadonlyArray<RequestKind>, wait = 0): boolean {
	if (hasBudget(access, needs)) return true;
	const sleep = access.sleep;
	const now = access.now;
	if (wait <= 0 || sleep === undefined || now === undefined) return false;
	const deadline = now() + wait;
	while (now() < deadline) {
		sleep(math.min(0.5, deadline - now()));
		if (hasBudget(access, needs)) return true;
	}
	return false;
}

/** Runs one DataStore call after the budget check; errors come back as values. */
export function guarded<T>(access: DataStoreAccess, needs: ReadonlyArray<RequestKind>, call: (store: GameDataStore) => T, wait = 0): CallResult<T> {
	if (!awaitBudget(access, needs, wait)) return { ok: false, reason: "no_budget", message: "no DataStore request budget left on this server" };
	const [ok, value] = pcall(() => call(access.store));
	if (!ok) return { ok: false, reason: "error", message: tostring(value) };
	return { ok: true, value: value as T };
}

/**
 * Reads `key` past Roblox's read cache (GetAsync may answer what this server read up to 4 s ago): an UpdateAsync
 * whose transform cancels the write, so only read budget is used. For reading back a write that raised.
 */
export function readFresh(access: DataStoreAccess, key: string, wait = 0): CallResult<unknown> {
	let seen: unknown;
	const read = guarded(
		access,
		CALL_NEEDS.get,
		(store) =>
			store.UpdateAsync(key, (current) => {
				seen = current;
				return undefined;
			}),
		wait,
	);
	return read.ok ? { ok: true, value: seen } : read;
}

/** Every key starting with `prefix` (at most `maxPages` pages of 100); undefined when a call failed or had no budget. */
export function listKeys(access: DataStoreAccess, prefix: string, maxPages = 20): Array<string> | undefined {
	// Deleted keys left out: every server that ever spilled leaves one once its entry is removed.
	const first = guarded(access, CALL_NEEDS.list, (store) => store.ListKeysAsync(prefix, 100, undefined, true));
	if (!first.ok) return undefined;
	const pages = first.value;
	const keys = new Array<string>();
	for (let page = 1; page <= maxPages; page++) {
		for (const key of pages.GetCurrentPage()) {
			const name = (key as { KeyName?: unknown }).KeyName;
			if (typeIs(name, "string")) keys.push(name);
		}
		if (pages.IsFinished) return keys;
		const advanced = guarded(access, CALL_NEEDS.list, () => {
			pages.AdvanceToNextPageAsync();
			return true;
		});
		if (!advanced.ok) return keys;
	}
	return keys;
}
