import { ProgressBatchResult, ProgressEvent } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import type { ServiceClient, ServiceResult } from "../service-client";
import { backoffDelay } from "./backoff";
import { appendEvents, jobKey, type ProgressDataStore, readEvents, readIndex, removeEvents } from "./store";

/**
 * The game server's progress sender. Gameplay code calls `record` (never yields); a loop calls `step`
 * about once a second; `game:BindToClose` calls `flush`. All engine pieces come in as parameters (plain logic,
 * run under Lune with a fake clock, a scripted HttpService and an in-memory DataStore).
 *
 * Rules:
 * - One request per `interval` (5 s) at most in normal operation, whatever the player count: HttpService allows
 *   500 requests/min per server and the lesson content and class joins need some of it too.
 * - Batches of at most 500 events (the contract's limit), each with a fresh batchId; a failed batch is retried
 *   as it was, same batchId and same events, so the service can recognise it.
 * - 429 / 5xx / no answer: retry after exponential backoff with jitter, never sooner than Retry-After.
 *   An event the service rejects by index can never succeed: logged and dropped. A duplicate counts as delivered.
 * - Buffer bound: memory keeps the OLDEST `maxBuffer` events (they go out first, in order); the newest overflow is
 *   spilled to the DataStore and read back as memory drains. Nothing a student was shown is dropped for space.
 * - Every `checkpoint` seconds what memory holds is copied to the DataStore, so a crash loses at most that window;
 *   delivered events are taken out of it. `flush` copies everything first, then sends until its budget ends.
 * - `replay` (at start) adopts what earlier servers left in the DataStore; their entries are removed once delivered.
 */

export interface SenderOptions {
	/** Seconds between two requests in normal operation. */
	readonly interval: number;
	/** Events per batch (the contract allows 500). */
	readonly maxBatch: number;
	/** Events kept in memory; more are spilled to the DataStore. */
	readonly maxBuffer: number;
	/** Seconds between copies of the memory buffer to the DataStore (the crash window). */
	readonly checkpoint: number;
	readonly backoffBase: number;
	readonly backoffCap: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
	interval: 5,
	maxBatch: 500,
	maxBuffer: 5000,
	checkpoint: 15,
	backoffBase: 5,
	backoffCap: 120,
};

export interface SenderDeps {
	readonly client: Pick<ServiceClient, "call">;
	/** Seconds, monotonic (os.clock in the game; a fake in specs). */
	readonly now: () => number;
	/** Yields for `seconds` (task.wait in the game); only flush waits. */
	readonly sleep: (seconds: number) => void;
	/** In [0, 1): the backoff jitter. */
	readonly random: () => number;
	/** A new UUID (HttpService:GenerateGUID(false)). */
	readonly newId: () => string;
	/** Undefined: no persistence (Studio without API access to DataStores). */
	readonly store?: ProgressDataStore;
	/** This server's game.JobId: its DataStore key. */
	readonly jobId: string;
	readonly warn: (line: string) => void;
	readonly options?: Partial<SenderOptions>;
}

export const BATCHES_PATH = "/v1/runtime/progress/batches";

/** An event as gameplay code hands it over: the id may be left out (the sender makes one). */
export type ProgressInput = Omit<ProgressEvent, "eventId"> & { eventId?: string };

export type RecordResult = { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly message: string };

export interface SenderStats {
	/** Events in memory (the batch in flight included). */
	readonly buffered: number;
	readonly accepted: number;
	readonly duplicates: number;
	readonly rejected: number;
	readonly requests: number;
}

export interface ProgressSender {
	record(event: ProgressInput): RecordResult;
	/** Does what is due now: at most one request. Yields for HTTP and DataStore calls. */
	step(): void;
	/** Adopts what earlier servers left in the DataStore (call once at start). */
	replay(): number;
	/** For BindToClose: saves what is unsent, then sends until `budget` seconds have passed. Later steps do nothing. */
	flush(budget: number): { readonly delivered: boolean; readonly left: number };
	stats(): SenderStats;
}

interface Entry {
	readonly event: ProgressEvent;
	/** DataStore key that also holds this event, if any. */
	home?: string;
}

interface Batch {
	readonly batchId: string;
	readonly entries: Array<Entry>;
	attempts: number;
}

type SendOutcome = "delivered" | "retry" | "dropped";

const LOG = "[ToolBoxAI progress]";

export function createProgressSender(deps: SenderDeps): ProgressSender {
	const options: SenderOptions = { ...DEFAULT_SENDER_OPTIONS, ...deps.options };
	const ownKey = jobKey(deps.jobId);
	const queue = new Array<Entry>();
	/** Event ids in memory (queue or the batch in flight): a DataStore read skips them. */
	const held = new Set<string>();
	/** DataStore keys that may hold events memory does not: read back as memory drains. */
	const homes = new Map<string, boolean>();
	let inflight: Batch | undefined;
	let nextSendAt = -math.huge;
	let nextCheckpointAt = deps.now() + options.checkpoint;
	let busy = false;
	let closed = false;
	let accepted = 0;
	let duplicates = 0;
	let rejected = 0;
	let requests = 0;

	function buffered(): number {
		return queue.size() + (inflight ? inflight.entries.size() : 0);
	}

	/** Copies memory entries no DataStore entry holds yet under this server's key. */
	function checkpoint(): boolean {
		const store = deps.store;
		if (!store) return false;
		const unsaved = new Array<Entry>();
		if (inflight) for (const entry of inflight.entries) if (entry.home === undefined) unsaved.push(entry);
		for (const entry of queue) if (entry.home === undefined) unsaved.push(entry);
		if (unsaved.isEmpty()) return true;
		if (
			!appendEvents(
				store,
				ownKey,
				unsaved.map((e) => e.event),
			)
		) {
			deps.warn(`${LOG} Could not save ${unsaved.size()} unsent event(s) to the DataStore; they stay in memory.`);
			return false;
		}
		for (const entry of unsaved) entry.home = ownKey;
		if (!homes.has(ownKey)) homes.set(ownKey, false);
		return true;
	}

	/** Over the bound: the newest events leave memory for the DataStore (those already there just leave memory). */
	function spill() {
		const store = deps.store;
		if (!store || queue.size() <= options.maxBuffer) return;
		const overflow = new Array<Entry>();
		while (queue.size() > options.maxBuffer) {
			const entry = queue.pop();
			if (entry === undefined) break;
			overflow.push(entry);
		}
		const unsaved = overflow.filter((e) => e.home === undefined).map((e) => e.event);
		if (!unsaved.isEmpty() && !appendEvents(store, ownKey, unsaved)) {
			// Never drop for space: keep them in memory and try again next step.
			for (let i = overflow.size() - 1; i >= 0; i--) queue.push(overflow[i]);
			deps.warn(`${LOG} Could not spill ${unsaved.size()} event(s) to the DataStore; memory holds ${queue.size()}.`);
			return;
		}
		for (const entry of overflow) {
			held.delete(entry.event.eventId);
			// read back later from where it is kept (this server's key, or an adopted one)
			homes.set(entry.home ?? ownKey, true);
		}
	}

	/** Memory drained below a batch: read back events the DataStore holds and memory does not. */
	function refill() {
		const store = deps.store;
		if (!store || queue.size() >= options.maxBatch) return;
		for (const [key, mayHoldMore] of homes) {
			if (!mayHoldMore) continue;
			const events = readEvents(store, key);
			if (events === undefined) continue;
			let complete = true;
			for (const event of events) {
				if (held.has(event.eventId)) continue;
				if (queue.size() >= options.maxBuffer) {
					complete = false;
					break;
				}
				queue.push({ event, home: key });
				held.add(event.eventId);
			}
			homes.set(key, !complete);
			if (queue.size() >= options.maxBuffer) return;
		}
	}

	function classify(result: ServiceResult<unknown>): "retry" | "drop" {
		if (result.ok) return "retry";
		const status = result.status;
		// The whole request refused as malformed: sending it again cannot help (events were checked by the contract).
		if ((result.reason === "server_error" || result.reason === "bad_reply") && (status === 400 || status === 413 || status === 422)) {
			return "drop";
		}
		return "retry";
	}

	function finish(batch: Batch) {
		const delivered = new Map<string, Set<string>>();
		for (const entry of batch.entries) {
			held.delete(entry.event.eventId);
			if (entry.home === undefined) continue;
			const ids = delivered.get(entry.home) ?? new Set<string>();
			ids.add(entry.event.eventId);
			delivered.set(entry.home, ids);
		}
		const store = deps.store;
		if (!store) return;
		for (const [key, ids] of delivered) {
			// A failed removal only means the next server sends them again: the service counts them as duplicates.
			if (removeEvents(store, key, ids) === false) continue;
		}
	}

	function sendOne(): SendOutcome {
		if (inflight === undefined) {
			// One pass to take the head: shift() per event would move the whole queue each time.
			const take = math.min(options.maxBatch, queue.size());
			const entries = new Array<Entry>();
			for (let i = 0; i < take; i++) entries.push(queue[i]);
			const size = queue.size();
			for (let i = take; i < size; i++) queue[i - take] = queue[i];
			for (let i = 0; i < take; i++) queue.pop();
			inflight = { batchId: deps.newId().lower(), entries, attempts: 0 };
		}
		const batch = inflight;
		const startedAt = deps.now();
		requests += 1;
		const result = deps.client.call({
			method: "POST",
			path: BATCHES_PATH,
			body: { batchId: batch.batchId, events: batch.entries.map((e) => e.event) },
			schema: ProgressBatchResult,
		});
		nextSendAt = startedAt + options.interval;
		if (result.ok) {
			accepted += result.value.accepted;
			duplicates += result.value.duplicates;
			for (const bad of result.value.rejected) {
				const entry = batch.entries[bad.index];
				rejected += 1;
				deps.warn(
					`${LOG} The service rejected event ${entry ? `${entry.event.eventId} (${entry.event.kind})` : `#${bad.index}`} of batch ${batch.batchId}; ` +
						`it is dropped: ${bad.issues[0].path} ${bad.issues[0].message}`,
				);
			}
			inflight = undefined;
			finish(batch);
			return "delivered";
		}
		if (classify(result) === "drop") {
			rejected += batch.entries.size();
			deps.warn(`${LOG} The service refused batch ${batch.batchId} (${batch.entries.size()} events) as malformed; it is dropped. ${result.message}`);
			inflight = undefined;
			finish(batch);
			return "dropped";
		}
		batch.attempts += 1;
		const wait = math.max(options.interval, result.retryAfter ?? 0, backoffDelay(batch.attempts, deps.random(), { base: options.backoffBase, cap: options.backoffCap }));
		nextSendAt = startedAt + wait;
		deps.warn(`${LOG} Batch ${batch.batchId} not delivered (attempt ${batch.attempts}); retrying in ${math.ceil(wait)} s. ${result.message}`);
		return "retry";
	}

	function hasWork(): boolean {
		if (inflight !== undefined || !queue.isEmpty()) return true;
		for (const [, mayHoldMore] of homes) if (mayHoldMore) return true;
		return false;
	}

	return {
		record(input) {
			const eventId = input.eventId ?? deps.newId().lower();
			const checked = parse(ProgressEvent, { ...input, eventId });
			if (!checked.ok) {
				const issue = checked.issues[0];
				return { ok: false, message: `Progress event not recorded: ${issue.path === "" ? "it" : issue.path} ${issue.message}.` };
			}
			if (held.has(eventId)) return { ok: true, eventId };
			queue.push({ event: checked.value });
			held.add(eventId);
			return { ok: true, eventId };
		},

		step() {
			if (busy || closed) return;
			busy = true;
			const [ok, err] = pcall(() => {
				spill();
				if (deps.now() >= nextCheckpointAt) {
					checkpoint();
					nextCheckpointAt = deps.now() + options.checkpoint;
				}
				refill();
				if (deps.now() >= nextSendAt && (inflight !== undefined || !queue.isEmpty())) sendOne();
			});
			busy = false;
			if (!ok) deps.warn(`${LOG} step failed: ${tostring(err)}`);
		},

		replay() {
			const store = deps.store;
			if (!store) return 0;
			const keys = readIndex(store);
			if (keys === undefined) {
				deps.warn(`${LOG} Could not read what earlier servers left in the DataStore; the next server will try again.`);
				return 0;
			}
			let adopted = 0;
			for (const key of keys) {
				if (key === ownKey || homes.has(key)) continue;
				homes.set(key, true);
				adopted += 1;
			}
			refill();
			return adopted;
		},

		flush(budget) {
			const deadline = deps.now() + budget;
			while (busy && deps.now() < deadline) deps.sleep(0.1);
			closed = true;
			busy = true;
			// Saved first: if the service is down or slow, the DataStore copy is what the next server replays.
			checkpoint();
			while (hasWork() && deps.now() < deadline) {
				refill();
				if (inflight === undefined && queue.isEmpty()) break;
				if (deps.now() < nextSendAt) {
					// A retry not due before the deadline cannot happen: what is saved waits for the next server.
					if (nextSendAt >= deadline) break;
					deps.sleep(nextSendAt - deps.now());
				}
				const [ok, err] = pcall(() => sendOne());
				if (!ok) {
					deps.warn(`${LOG} flush failed: ${tostring(err)}`);
					break;
				}
				// Closing: the interval rule yields to the budget, but a backoff still holds.
				if (inflight === undefined) nextSendAt = deps.now();
			}
			// Events recorded while this flush waited on HTTP are saved too.
			checkpoint();
			busy = false;
			const left = buffered();
			if (left > 0) deps.warn(`${LOG} ${left} progress event(s) not delivered before close; saved for the next server.`);
			return { delivered: left === 0, left };
		},

		stats() {
			return { buffered: buffered(), accepted, duplicates, rejected, requests };
		},
	};
}
