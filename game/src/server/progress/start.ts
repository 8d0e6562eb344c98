import { gameClock } from "shared/clock";
import type { ServiceClient } from "../service-client";
import type { RequestKind } from "./datastore-calls";
import { createProgressSender, type ProgressSender } from "./sender";
import { PROGRESS_DATASTORE, type ProgressDataStore } from "./store";

/**
 * Engine glue for the progress sender: a task loop steps it once a second (the sender itself keeps to one request
 * per 5 s), BindToClose flushes it, and at start it replays what earlier servers left. Kept thin: the rules are in
 * ./sender (tested under Lune with a fake clock and an in-memory DataStore).
 */
export interface ProgressStartDeps {
	/** Undefined while the service has not answered: events are kept (and saved) until `sender.connect`. */
	readonly client?: ServiceClient;
	/** HttpService: GenerateGUID for event and batch ids. */
	readonly ids: { GenerateGUID(wrapInCurlyBraces?: boolean): string };
	/** DataStoreService; GetDataStore raises in Studio without API access, and then nothing is persisted. */
	readonly dataStores: { GetDataStore(name: string): ProgressDataStore };
	/** DataStoreService:GetRequestBudgetForRequestType by kind (../datastore-budget). */
	readonly budget?: (kind: RequestKind) => number;
	readonly jobId: string;
	readonly bindToClose: (callback: () => void) => void;
	readonly warn: (line: string) => void;
	/** See SenderDeps.adoptedStudents. */
	readonly adoptedStudents?: (robloxUserIds: ReadonlyArray<number>) => void;
	/** See SenderDeps.subscriptionEnded. */
	readonly subscriptionEnded?: () => boolean;
}

/** Roblox gives BindToClose callbacks 30 s in all; a few are kept for the DataStore copy and other callbacks. */
export const CLOSE_BUDGET_SECONDS = 25;
const STEP_SECONDS = 1;

let active: ProgressSender | undefined;

/** The running server's sender, for gameplay code (undefined until main started it). */
export function progressSender(): ProgressSender | undefined {
	return active;
}

export function startProgress(deps: ProgressStartDeps): ProgressSender {
	const [opened, store] = pcall(() => deps.dataStores.GetDataStore(PROGRESS_DATASTORE));
	if (!opened) deps.warn(`[ToolBoxAI progress] No DataStore (${tostring(store)}): unsent progress is not saved across servers here.`);
	const sender = createProgressSender({
		client: deps.client,
		now: gameClock,
		sleep: (seconds) => task.wait(seconds),
		random: () => math.random(),
		newId: () => deps.ids.GenerateGUID(false),
		store: opened ? store : undefined,
		budget: deps.budget,
		wallNow: () => os.time(),
		jobId: deps.jobId,
		warn: deps.warn,
		adoptedStudents: deps.adoptedStudents,
		subscriptionEnded: deps.subscriptionEnded,
	});
	active = sender;
	let closing = false;
	deps.bindToClose(() => {
		closing = true;
		sender.flush(CLOSE_BUDGET_SECONDS);
	});
	task.spawn(() => {
		sender.replay();
		while (!closing) {
			sender.step();
			task.wait(STEP_SECONDS);
		}
	});
	return sender;
}
