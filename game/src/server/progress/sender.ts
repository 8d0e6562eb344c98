import { ProgressBatchResult, ProgressEvent } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { isSubscriptionEnded, type ServiceClient, type ServiceResult } from "../service-client";
import { backoffDelay } from "./backoff";
import { afterServerError, DEFAULT_ISOLATION, isServerError } from "./isolation";
import type { DataStoreAccess, RequestKind } from "./datastore-calls";
import { adoptSpill, appendEvents, jobKey, listSpillKeys, type ProgressDataStore, readSpill, removeEvents } from "./store";

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
 *   A batch refused as malformed (400/413/422) is dropped whole, and so is one refused because the school's
 *   subscription has ended (402 subscription_ended: the service records nothing for it, now or on a retry).
 *   While `subscriptionEnded` says so, `record` takes no new events.
 * - A batch that keeps failing with 5xx while the service takes other batches holds an event the service cannot
 *   store: it is halved until that event is alone, and the event is set aside (quarantined, logged) after a few
 *   tries, so nothing a client or a bug put in one event blocks the events behind it (./isolation has the rules).
 *   Events replayed from the DataStore go through the same rules, and a quarantined event leaves the DataStore.
 * - No client yet (the service has not answered the start check): events are kept, checkpointed and spilled as
 *   usual, and sent once `connect` hands over a client.
 * - Buffer bound: memory keeps the OLDEST `maxBuffer` events (they go out first, in order); the newest overflow is
 *   spilled to the DataStore and read back as memory drains. Nothing a student was shown is dropped for space.
 * - Every `checkpoint` seconds what memory holds is copied to the DataStore, so a crash loses at most that window;
 *   delivered events are taken out of it. `flush` copies everything first, then sends until its budget ends.
 * - `replay` (at start, then every `adoptEvery` seconds) adopts what servers that are gone left in the DataStore
 *   (./store: one entry per server, a lease renewed every `renewEvery` seconds while the server lives, adopted
 *   only once it has lapsed); their entries are removed once delivered.
 * - Every DataStore call checks the request budget first; with none left a step skips its DataStore work (memory
 *   keeps the events) and a flush waits for budget until its deadline.
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
	/** See ./isolation. */
	readonly stepAsideAfter: number;
	readonly quarantineAfter: number;
	/** Seconds a spill entry's lease lasts: another server adopts the entry only after it lapsed. */
	readonly leaseSeconds: number;
	/** Seconds between renewals of this server's leases (well under leaseSeconds: a renewal may be throttled). */
	readonly renewEvery: number;
	/** Seconds between looks for entries of servers that are gone. */
	readonly adoptEvery: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
	interval: 5,
	maxBatch: 500,
	maxBuffer: 5000,
	checkpoint: 15,
	backoffBase: 5,
	backoffCap: 120,
	...DEFAULT_ISOLATION,
	leaseSeconds: 180,
	renewEvery: 30,
	adoptEvery: 60,
};

export interface SenderDeps {
	/** Undefined until the service answered the start check: events are kept until `connect`. */
	readonly client?: Pick<ServiceClient, "call">;
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
	/** DataStoreService:GetRequestBudgetForRequestType by kind; undefined: not checked. */
	readonly budget?: (kind: RequestKind) => number;
	/** Unix seconds (os.time in the game): leases compare it across servers. Default: `now`. */
	readonly wallNow?: () => number;
	/** This server's game.JobId: its DataStore key. */
	readonly jobId: string;
	readonly warn: (line: string) => void;
	readonly options?: Partial<SenderOptions>;
	/**
	 * Students whose events this server read from another server's entry, each once, before any of those events is
	 * sent: a join that server kept for them may still have to reach the service first (../join restore). Yields.
	 */
	readonly adoptedStudents?: (robloxUserIds: ReadonlyArray<number>) => void;
	/** True while the school's subscription has ended (the content loader's word): new events are refused. */
	readonly subscriptionEnded?: () => boolean;
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
	/** Events set aside because the service failed on them alone while it took other batches. */
	readonly quarantined: number;
	/** Requests that failed in a row (0 after one the service took): the service is not taking progress now. */
	readonly failing: number;
	/** A client was handed over (events are being sent, not only kept). */
	readonly connected: boolean;
}

export interface ProgressSender {
	record(event: ProgressInput): RecordResult;
	/** Does what is due now: at most one request. Yields for HTTP and DataStore calls. */
	step(): void;
	/** Adopts what earlier servers left in the DataStore (call once at start). */
	replay(): number;
	/** For BindToClose: saves what is unsent, then sends until `budget` seconds have passed. Later steps do nothing. */
	flush(budget: number): { readonly delivered: boolean; readonly left: number };
	/** Hands over the service client once the start check passed: kept events go out from the next step. */
	connect(client: Pick<ServiceClient, "call">): void;
	/** The events set aside (most recent last, at most QUARANTINE_KEPT), for logs and specs. */
	quarantine(): ReadonlyArray<ProgressEvent>;
	stats(): SenderStats;
}

/** Quarantined events kept in memory for inspection; each is also logged when it is set aside. */
export const QUARANTINE_KEPT = 50;

interface Entry {
	readonly event: ProgressEvent;
	/** DataStore key that also holds this event, if any. */
	home?: string;
	/** 5xx answers to this event sent alone right after the service took another batch (see ./isolation). */
	strikes: number;
}

interface Batch {
	readonly batchId: string;
	readonly entries: Array<Entry>;
	attempts: number;
	/** 5xx answers to this batch. */
	serverErrors: number;
}

type SendOutcome = "delivered" | "retry" | "dropped";

const LOG = "[ToolBoxAI progress]";

export function createProgressSender(deps: SenderDeps): ProgressSender {
	const options: SenderOptions = { ...DEFAULT_SENDER_OPTIONS, ...deps.options };
	/** The lease holder's name in spill entries. */
	const me = deps.jobId === "" ? "studio" : deps.jobId;
	/** Bumped when another server adopted this server's entry (it thought this one gone): a new key is used. */
	let generation = 0;
	let ownKey = jobKey(deps.jobId);
	const wallNow = deps.wallNow ?? deps.now;
	const access: DataStoreAccess | undefined = deps.store && { store: deps.store, budget: deps.budget, sleep: deps.sleep, now: deps.now };
	/** Keys whose lease this server holds (its own once written, and adopted ones): renewed while it lives. */
	const leased = new Set<string>();
	let nextRenewAt = deps.now() + options.renewEvery;
	/** Every key this server wrote as its own (a new one after an adoption): events read from others are adopted. */
	const ownKeys = new Set<string>([ownKey]);
	/** Students already handed to adoptedStudents. */
	const adoptedSeen = new Set<number>();
	let nextAdoptAt = deps.now() + options.adoptEvery;
	/** Closing: what is saved now is for the next server at once, so leases are written as already lapsed. */
	let released = false;

	function leaseUntil(): number {
		return released ? 0 : wallNow() + options.leaseSeconds;
	}
	const queue = new Array<Entry>();
	/** Event ids in memory (queue or the batch in flight): a DataStore read skips them. */
	const held = new Set<string>();
	/** DataStore keys that may hold events memory does not: read back as memory drains. */
	const homes = new Map<string, boolean>();
	let inflight: Batch | undefined;
	/** Halves of a split batch, sent next in order. */
	const halves = new Array<Batch>();
	/** At most one batch that failed and lets exactly one other batch go first (its answer tells outage from poison). */
	let aside: Batch | undefined;
	let asidePassed = false;
	const quarantined = new Array<ProgressEvent>();
	let client = deps.client;
	let nextSendAt = -math.huge;
	/** Requests that failed in a row: the backoff grows with it whichever batch failed. */
	let failuresInRow = 0;
	/** The service took the last request (a 2xx, or a refusal it made on purpose). */
	let healthy = false;
	let quarantinedCount = 0;
	let nextCheckpointAt = deps.now() + options.checkpoint;
	let busy = false;
	let closed = false;
	let accepted = 0;
	let duplicates = 0;
	let rejected = 0;
	let requests = 0;

	function buffered(): number {
		let count = queue.size() + (inflight ? inflight.entries.size() : 0);
		for (const batch of halves) count += batch.entries.size();
		if (aside) count += aside.entries.size();
		return count;
	}

	function newBatch(entries: Array<Entry>): Batch {
		return { batchId: deps.newId().lower(), entries, attempts: 0, serverErrors: 0 };
	}

	/**
	 * Saves events under this server's key (renewing its lease); a key another server adopted is left for a new
	 * one. Returns the key they were saved under, or undefined when the DataStore did not take them.
	 */
	function save(events: ReadonlyArray<ProgressEvent>, wait: number): string | undefined {
		if (!access) return undefined;
		for (let attempt = 1; attempt <= 2; attempt++) {
			const key = ownKey;
			const outcome = appendEvents(access, key, me, leaseUntil(), wallNow(), events, wait);
			if (outcome === "ok") {
				leased.add(key);
				return key;
			}
			if (outcome !== "lost_lease") return undefined;
			leaseLost(key);
		}
		return undefined;
	}

	/** Another server holds `key` now and sends what it holds: events kept here only as its copies are saved again. */
	function leaseLost(key: string) {
		leased.delete(key);
		homes.delete(key);
		if (key === ownKey) {
			generation += 1;
			ownKey = jobKey(deps.jobId, generation);
			ownKeys.add(ownKey);
		}
		const forget = (entry: Entry) => {
			if (entry.home === key) entry.home = undefined;
		};
		queue.forEach(forget);
		inflight?.entries.forEach(forget);
		for (const batch of halves) batch.entries.forEach(forget);
		aside?.entries.forEach(forget);
		deps.warn(`${LOG} Another server took over DataStore entry ${key} (this server's lease had lapsed); events still here are saved again under ${ownKey}.`);
	}

	/** Keeps this server's leases alive, so no other server adopts what it still sends. */
	function renewLeases() {
		if (!access) return;
		for (const key of [...leased]) {
			const outcome = appendEvents(access, key, me, leaseUntil(), wallNow(), []);
			if (outcome === "lost_lease") leaseLost(key);
		}
	}

	/** Takes over the entries of servers whose lease lapsed (they are gone); returns how many. */
	function adoptLapsed(): number | undefined {
		if (!access) return 0;
		const keys = listSpillKeys(access);
		if (keys === undefined) return undefined;
		let adopted = 0;
		for (const key of keys) {
			if (key === ownKey || homes.has(key) || leased.has(key)) continue;
			const outcome = adoptSpill(access, key, me, wallNow() + options.leaseSeconds, wallNow());
			if (outcome !== "adopted") continue;
			leased.add(key);
			homes.set(key, true);
			adopted += 1;
		}
		return adopted;
	}

	/** Copies memory entries no DataStore entry holds yet under this server's key. */
	function checkpoint(wait = 0): boolean {
		if (!access) return false;
		const unsaved = new Array<Entry>();
		if (inflight) for (const entry of inflight.entries) if (entry.home === undefined) unsaved.push(entry);
		for (const batch of aside ? [...halves, aside] : halves) for (const entry of batch.entries) if (entry.home === undefined) unsaved.push(entry);
		for (const entry of queue) if (entry.home === undefined) unsaved.push(entry);
		if (unsaved.isEmpty()) return true;
		const key = save(
			unsaved.map((e) => e.event),
			wait,
		);
		if (key === undefined) {
			deps.warn(`${LOG} Could not save ${unsaved.size()} unsent event(s) to the DataStore; they stay in memory.`);
			return false;
		}
		for (const entry of unsaved) entry.home = key;
		if (!homes.has(key)) homes.set(key, false);
		return true;
	}

	/** Over the bound: the newest events leave memory for the DataStore (those already there just leave memory). */
	function spill() {
		if (!access || queue.size() <= options.maxBuffer) return;
		const overflow = new Array<Entry>();
		while (queue.size() > options.maxBuffer) {
			const entry = queue.pop();
			if (entry === undefined) break;
			overflow.push(entry);
		}
		const unsaved = overflow.filter((e) => e.home === undefined).map((e) => e.event);
		const key = unsaved.isEmpty() ? ownKey : save(unsaved, 0);
		if (key === undefined) {
			// Never drop for space: keep them in memory and try again next step.
			for (let i = overflow.size() - 1; i >= 0; i--) queue.push(overflow[i]);
			deps.warn(`${LOG} Could not spill ${unsaved.size()} event(s) to the DataStore; memory holds ${queue.size()}.`);
			return;
		}
		for (const entry of overflow) {
			held.delete(entry.event.eventId);
			// read back later from where it is kept (this server's key, or an adopted one)
			homes.set(entry.home ?? key, true);
		}
	}

	/** Memory drained below a batch: read back events the DataStore holds and memory does not. */
	function refill() {
		if (!access || queue.size() >= options.maxBatch) return;
		for (const [key, mayHoldMore] of homes) {
			if (!mayHoldMore) continue;
			const spill = readSpill(access, key);
			if (spill === undefined) continue;
			// Entries the contract refuses can never be delivered: taken out, so no later server reads them again.
			if (spill.invalid > 0) {
				const purged = removeEvents(access, key, me, wallNow(), new Set<string>(), true);
				if (purged === "lost_lease") {
					leaseLost(key);
					continue;
				}
			}
			// An adopted entry with nothing in it (its last holder emptied it but could not remove it): removed now.
			if (spill.events.isEmpty() && spill.invalid === 0 && !ownKeys.has(key)) {
				const outcome = removeEvents(access, key, me, wallNow(), new Set<string>());
				if (outcome === "emptied" || outcome === "lost_lease") {
					leased.delete(key);
					homes.delete(key);
					continue;
				}
			}
			if (!ownKeys.has(key) && deps.adoptedStudents !== undefined) {
				const fresh = new Array<number>();
				for (const event of spill.events) {
					if (adoptedSeen.has(event.robloxUserId)) continue;
					adoptedSeen.add(event.robloxUserId);
					fresh.push(event.robloxUserId);
				}
				if (!fresh.isEmpty()) deps.adoptedStudents(fresh);
			}
			let complete = true;
			for (const event of spill.events) {
				if (held.has(event.eventId)) continue;
				if (queue.size() >= options.maxBuffer) {
					complete = false;
					break;
				}
				queue.push({ event, home: key, strikes: 0 });
				held.add(event.eventId);
			}
			homes.set(key, !complete);
			if (queue.size() >= options.maxBuffer) return;
		}
	}

	function classify(result: ServiceResult<unknown>): "retry" | "drop" | "ended" {
		if (result.ok) return "retry";
		if (isSubscriptionEnded(result)) return "ended";
		const status = result.status;
		// The whole request refused as malformed: sending it again cannot help (events were checked by the contract).
		if ((result.reason === "server_error" || result.reason === "bad_reply") && (status === 400 || status === 413 || status === 422)) {
			return "drop";
		}
		return "retry";
	}

	/** The batch's events leave memory and the DataStore entries holding them (delivered, dropped or quarantined). */
	function finish(batch: Pick<Batch, "entries">) {
		const delivered = new Map<string, Set<string>>();
		for (const entry of batch.entries) {
			held.delete(entry.event.eventId);
			if (entry.home === undefined) continue;
			const ids = delivered.get(entry.home) ?? new Set<string>();
			ids.add(entry.event.eventId);
			delivered.set(entry.home, ids);
		}
		if (!access) return;
		for (const [key, ids] of delivered) {
			// A failed removal only means the next server sends them again: the service counts them as duplicates.
			const outcome = removeEvents(access, key, me, wallNow(), ids);
			if (outcome === "emptied") {
				leased.delete(key);
				homes.delete(key);
			} else if (outcome === "lost_lease") {
				leaseLost(key);
			}
		}
	}

	/** Up to maxBatch events from the head of the queue, as a new batch. */
	function takeFromQueue(): Batch {
		// One pass to take the head: shift() per event would move the whole queue each time.
		const take = math.min(options.maxBatch, queue.size());
		const entries = new Array<Entry>();
		for (let i = 0; i < take; i++) entries.push(queue[i]);
		const size = queue.size();
		for (let i = take; i < size; i++) queue[i - take] = queue[i];
		for (let i = 0; i < take; i++) queue.pop();
		return newBatch(entries);
	}

	/** The next batch: halves of a split first; a batch that stepped aside after one batch of fresh events; then the queue. */
	function nextBatch(): Batch | undefined {
		const half = halves.shift();
		if (half !== undefined) return half;
		if (aside !== undefined) {
			if (!asidePassed && !queue.isEmpty()) {
				asidePassed = true;
				return takeFromQueue();
			}
			const waited = aside;
			aside = undefined;
			return waited;
		}
		return queue.isEmpty() ? undefined : takeFromQueue();
	}

	/** Events besides the failed batch that could go first: fresh ones, or split halves. */
	function otherWork(): boolean {
		return !queue.isEmpty() || !halves.isEmpty();
	}

	function hasQueued(): boolean {
		return otherWork() || aside !== undefined;
	}

	function setAside(batch: Batch, message: string) {
		const entry = batch.entries[0];
		quarantinedCount += 1;
		quarantined.push(entry.event);
		if (quarantined.size() > QUARANTINE_KEPT) quarantined.shift();
		const event = entry.event;
		const step = "stepId" in event ? ` step ${event.stepId}` : "";
		deps.warn(
			`${LOG} The service failed ${entry.strikes} times on event ${event.eventId} (${event.kind}, lesson ${event.lessonId}${step}) sent alone, ` +
				`while it took other batches; the event is set aside so the rest can go. ${message}`,
		);
		finish(batch);
	}

	/** A 5xx: retry, let others go first, halve the batch, or set its one event aside (./isolation). */
	function isolate(batch: Batch, message: string) {
		batch.serverErrors += 1;
		if (healthy && batch.entries.size() === 1) batch.entries[0].strikes += 1;
		const decision = afterServerError(
			{
				size: batch.entries.size(),
				serverErrors: batch.serverErrors,
				strikes: batch.entries[0].strikes,
				healthy,
				otherWork: otherWork(),
				asideFree: aside === undefined,
			},
			options,
		);
		if (decision === "retry") return;
		inflight = undefined;
		if (decision === "quarantine") {
			setAside(batch, message);
		} else if (decision === "split") {
			const half = math.ceil(batch.entries.size() / 2);
			const first = new Array<Entry>();
			const second = new Array<Entry>();
			batch.entries.forEach((entry, index) => {
				(index < half ? first : second).push(entry);
			});
			halves.unshift(newBatch(first), newBatch(second));
			deps.warn(`${LOG} Batch ${batch.batchId} fails while the service takes others: sending it as two halves to find the event it cannot take.`);
		} else {
			aside = batch;
			asidePassed = false;
		}
	}

	function sendOne(active: Pick<ServiceClient, "call">): SendOutcome {
		if (inflight === undefined) inflight = nextBatch();
		const batch = inflight;
		if (batch === undefined) return "delivered";
		const startedAt = deps.now();
		requests += 1;
		const result = active.call({
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
			healthy = true;
			failuresInRow = 0;
			finish(batch);
			return "delivered";
		}
		const refusal = classify(result);
		if (refusal !== "retry") {
			rejected += batch.entries.size();
			const why = refusal === "ended" ? "because the school's subscription has ended (it records no progress for it)" : "as malformed";
			deps.warn(`${LOG} The service refused batch ${batch.batchId} (${batch.entries.size()} events) ${why}; it is dropped. ${result.message}`);
			inflight = undefined;
			healthy = true;
			failuresInRow = 0;
			finish(batch);
			return "dropped";
		}
		batch.attempts += 1;
		failuresInRow += 1;
		const wait = math.max(options.interval, result.retryAfter ?? 0, backoffDelay(failuresInRow, deps.random(), { base: options.backoffBase, cap: options.backoffCap }));
		nextSendAt = startedAt + wait;
		deps.warn(`${LOG} Batch ${batch.batchId} not delivered (attempt ${batch.attempts}); retrying in ${math.ceil(wait)} s. ${result.message}`);
		if (isServerError(result.status)) isolate(batch, result.message);
		healthy = false;
		return "retry";
	}

	function hasWork(): boolean {
		if (inflight !== undefined || hasQueued()) return true;
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
			if (deps.subscriptionEnded?.() === true) return { ok: false, message: "Progress event not recorded: the school's subscription has ended." };
			if (held.has(eventId)) return { ok: true, eventId };
			queue.push({ event: checked.value, strikes: 0 });
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
				if (deps.now() >= nextRenewAt) {
					renewLeases();
					nextRenewAt = deps.now() + options.renewEvery;
				}
				if (deps.now() >= nextAdoptAt) {
					adoptLapsed();
					nextAdoptAt = deps.now() + options.adoptEvery;
				}
				refill();
				if (client !== undefined && deps.now() >= nextSendAt && (inflight !== undefined || hasQueued())) sendOne(client);
			});
			busy = false;
			if (!ok) deps.warn(`${LOG} step failed: ${tostring(err)}`);
		},

		replay() {
			const adopted = adoptLapsed();
			nextAdoptAt = deps.now() + options.adoptEvery;
			if (adopted === undefined) {
				deps.warn(`${LOG} Could not list what other servers left in the DataStore; trying again in ${options.adoptEvery} s.`);
				return 0;
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
			checkpoint(math.max(0, deadline - deps.now()));
			while (client !== undefined && hasWork() && deps.now() < deadline) {
				refill();
				if (inflight === undefined && !hasQueued()) break;
				if (deps.now() < nextSendAt) {
					// A retry not due before the deadline cannot happen: what is saved waits for the next server.
					if (nextSendAt >= deadline) break;
					deps.sleep(nextSendAt - deps.now());
				}
				const active = client;
				const [ok, outcome] = pcall(() => sendOne(active));
				if (!ok) {
					deps.warn(`${LOG} flush failed: ${tostring(outcome)}`);
					break;
				}
				// Closing: the interval rule yields to the budget, but a backoff still holds.
				if (outcome !== "retry") nextSendAt = deps.now();
			}
			// Events recorded while this flush waited on HTTP are saved too, and the leases end: this server is going,
			// and the next one may send what it left at once.
			released = true;
			checkpoint(math.max(0, deadline - deps.now()));
			renewLeases();
			busy = false;
			const left = buffered();
			if (left > 0) deps.warn(`${LOG} ${left} progress event(s) not delivered before close; saved for the next server.`);
			return { delivered: left === 0, left };
		},

		connect(service) {
			if (client !== undefined) return;
			client = service;
			// Kept events go at the next step, not after a backoff earned while there was no service.
			nextSendAt = -math.huge;
		},

		quarantine() {
			return [...quarantined];
		},

		stats() {
			return { buffered: buffered(), accepted, duplicates, rejected, requests, quarantined: quarantinedCount, failing: failuresInRow, connected: client !== undefined };
		},
	};
}
