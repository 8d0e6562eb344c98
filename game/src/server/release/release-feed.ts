import { ReleaseAnnouncement, ReleaseContentEntry, RELEASE_ENTRY_KEY, RELEASE_TOPIC } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { awaitBudget, type DataStoreAccess } from "../progress/datastore-calls";

/**
 * What a deployment pushes to live games: the data store entry ToolBoxAI/release (the asset map and the
 * release's lesson content) and a message on ToolBoxAI.release once the release is live. The feed keeps the entry
 * it last read, finds assets by the name they have in the release, and tells listeners when a new release is
 * announced, so servers reload content at once instead of at their next poll. Nothing from outside is trusted:
 * the entry and each message are checked against the shared contracts, and anything else is ignored with a warning.
 * An announcement reaches every server of the experience at once: each waits a random part of `spread` before it
 * re-reads the entry and tells its listeners (who then ask the service), so the reloads are spread out.
 * Plain logic: the data store, the subscription, JSON decoding and the wait come in (./start is the engine glue).
 */

/** The part of a Roblox DataStore read here (DataStoreService:GetDataStore("ToolBoxAI") in the game). */
export interface ReleaseStore {
	GetAsync(key: string): unknown;
}

/** What MessagingService:SubscribeAsync hands its callback. */
export interface ReleaseMessage {
	readonly Data: unknown;
}

export interface ReleaseFeedDeps {
	readonly store: ReleaseStore;
	/** MessagingService:SubscribeAsync (it may raise: subscriptions have limits and Studio may refuse them). */
	readonly subscribe: (topic: string, handler: (message: ReleaseMessage) => void) => void;
	/** HttpService:JSONDecode (it raises on bad JSON). */
	readonly decodeJson: (text: string) => unknown;
	readonly warn: (line: string) => void;
	/** How a server spreads its reload after an announcement; without it the reload is at once. */
	readonly spread?: AnnouncementSpread;
	/** The DataStore request budget, checked before each read (waiting up to 10 s for it); undefined: not checked. */
	readonly budget?: Pick<DataStoreAccess, "budget" | "sleep" | "now">;
}

/** Seconds a read of the release entry may wait for DataStore budget before it is given up (the next one retries). */
const BUDGET_WAIT = 10;

export interface AnnouncementSpread {
	/** The longest wait, in seconds. */
	readonly seconds: number;
	/** In [0, 1). */
	readonly random: () => number;
	/** Yields (task.wait in the game; the subscription callback runs on its own thread). */
	readonly sleep: (seconds: number) => void;
}

export interface ReleaseFeed {
	/** The entry last read, or undefined before one was read (never deployed, or the data store failed). */
	current(): ReleaseContentEntry | undefined;
	/** The Roblox asset id of the asset named `name` in the current release. */
	assetId(name: string): string | undefined;
	/** Reads the entry now; true when it holds another release than before. */
	refresh(): boolean;
	/** Subscribes to release announcements; false (with a warning) when the subscription failed. */
	listen(): boolean;
	/** Called with each newly announced release's entry (not for the one read at start). */
	onRelease(listener: (entry: ReleaseContentEntry) => void): () => void;
}

export function createReleaseFeed(deps: ReleaseFeedDeps): ReleaseFeed {
	let entry: ReleaseContentEntry | undefined;
	const listeners = new Array<(entry: ReleaseContentEntry) => void>();

	function refresh(): boolean {
		if (deps.budget !== undefined && !awaitBudget(deps.budget, ["read"], BUDGET_WAIT)) {
			deps.warn("[ToolBoxAI] Could not read the release entry: no DataStore request budget left on this server.");
			return false;
		}
		const [ok, value] = pcall(() => deps.store.GetAsync(RELEASE_ENTRY_KEY));
		if (!ok) {
			deps.warn(`[ToolBoxAI] Could not read the release entry: ${tostring(value)}`);
			return false;
		}
		if (value === undefined) return false;
		// Written by an earlier deployment: text stored before the contracts' control-character rule stays readable.
		const checked = parse(ReleaseContentEntry, value, { controlCharacters: "tolerate" });
		if (!checked.ok) {
			const first = checked.issues[0];
			deps.warn(`[ToolBoxAI] Ignoring a release entry that is not what a deployment writes (${first === undefined ? "?" : `${first.path}: ${first.message}`})`);
			return false;
		}
		const changed = entry === undefined || entry.releaseId !== checked.value.releaseId;
		entry = checked.value;
		return changed;
	}

	function onMessage(message: ReleaseMessage): void {
		if (!typeIs(message, "table") || !typeIs(message.Data, "string")) {
			deps.warn("[ToolBoxAI] Ignoring a release message without text");
			return;
		}
		const text = message.Data;
		const [decoded, value] = pcall(() => deps.decodeJson(text));
		const checked = decoded ? parse(ReleaseAnnouncement, value) : undefined;
		if (checked === undefined || !checked.ok) {
			deps.warn("[ToolBoxAI] Ignoring a release message that is not a ToolBoxAI announcement");
			return;
		}
		// The same release announced twice (or already read at start): nothing to reload.
		if (entry !== undefined && entry.releaseId === checked.value.releaseId) return;
		const spread = deps.spread;
		if (spread !== undefined) spread.sleep(spread.seconds * spread.random());
		// Another announcement may have reloaded it while this one waited.
		if (entry !== undefined && entry.releaseId === checked.value.releaseId) return;
		// The deployment writes the entry before it announces, so the entry now holds this release.
		if (refresh() && entry !== undefined) {
			const announced = entry;
			for (const listener of [...listeners]) task.spawn(listener, announced);
		}
	}

	return {
		current() {
			return entry;
		},
		assetId(name) {
			return entry === undefined ? undefined : entry.assets[name];
		},
		refresh() {
			return refresh();
		},
		listen() {
			const [ok, problem] = pcall(() => deps.subscribe(RELEASE_TOPIC, onMessage));
			if (!ok) deps.warn(`[ToolBoxAI] Not listening for new releases (${tostring(problem)}); content still updates on its own schedule`);
			return ok;
		},
		onRelease(listener) {
			listeners.push(listener);
			return () => {
				const index = listeners.indexOf(listener);
				if (index >= 0) listeners.remove(index);
			};
		},
	};
}
