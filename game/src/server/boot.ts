import { RELEASE_DATA_STORE } from "@toolboxai/shared";
import { STATUS_ATTRIBUTE, type ServiceStatus } from "shared/attributes";
import type { ContentLoader } from "./content/loader";
import { startContent } from "./content/start";
import type { JoinHandler } from "./join/join-handler";
import { connectJoins, startJoin } from "./join/start";
import type { BackoffOptions } from "./progress/backoff";
import type { ProgressSender } from "./progress/sender";
import { startProgress } from "./progress/start";
import { gameClock } from "shared/clock";
import { USER_DATASTORE } from "./players/user-record";
import type { DataStoreAccess, RequestKind } from "./progress/datastore-calls";
import type { ProgressDataStore } from "./progress/store";
import { startQuizWhenLoaded } from "./quiz/start";
import type { ReleaseFeed, ReleaseMessage, ReleaseStore } from "./release/release-feed";
import { startReleases } from "./release/start";
import type { ServiceClient, ServiceHttp, ServiceRequest, ServiceResult } from "./service-client";
import { isRetryable, runStartCheckUntilDone, type StartCheck } from "./start-check";

/**
 * How a game server starts, in an order that still teaches when the service is down:
 * 1. Everything that needs no answer from the service starts at once: the progress sender (keeping and saving
 *    events), the deployed release (its lessons to fall back on), the quiz, and class joins (kept while offline).
 * 2. The start check runs on its own thread and is asked again with backoff and jitter while the service cannot be
 *    reached; the status word says "offline" meanwhile, and the release's lessons are played.
 * 3. Once it passes, each part gets the service client its key's scopes allow: content (runtime:read), the kept
 *    class joins (classes:join), then the progress kept meanwhile (progress:write), in that order, so the progress
 *    of a student who joined offline reaches the service after their join.
 * A refusal a retry cannot change (no address, no key, another protocol) turns lessons off, as before.
 * Engine services come in as parameters; main.server.ts passes the real ones.
 */
export interface GameServerDeps {
	readonly http: ServiceHttp;
	/** ServerScriptService: the server address attribute and the full status message (server side only). */
	readonly config: Instance;
	/** ReplicatedStorage: the status word clients may read. */
	readonly status: Instance;
	/** DataStoreService:GetDataStore (it raises in Studio without API access). */
	readonly openDataStore: (name: string) => ProgressDataStore & ReleaseStore;
	/** DataStoreService:GetRequestBudgetForRequestType by kind (./datastore-budget); undefined: not checked. */
	readonly dataStoreBudget?: (kind: RequestKind) => number;
	readonly subscribe: (topic: string, handler: (message: ReleaseMessage) => void) => void;
	readonly decodeJson: (text: string) => unknown;
	readonly ids: { GenerateGUID(wrapInCurlyBraces?: boolean): string };
	readonly jobId: string;
	readonly bindToClose: (callback: () => void) => void;
	readonly info: (line: string) => void;
	readonly warn: (line: string) => void;
	/** Waits between start checks; default start-check's DEFAULT_START_RETRY. */
	readonly retry?: BackoffOptions;
}

export interface GameServer {
	status(): ServiceStatus;
	readonly sender: ProgressSender;
	readonly content: ContentLoader;
	readonly joins: JoinHandler;
	readonly releases?: ReleaseFeed;
}

/** Failed progress requests in a row after which clients are told their progress is kept for later. */
const FAILING_REQUESTS_NOTE = 2;

export function startGameServer(deps: GameServerDeps): GameServer {
	let state: ServiceStatus = "checking";
	let live: ServiceClient | undefined;
	let recording = true;
	const offline = () => state === "checking" || state === "offline";

	// Students' records across servers (answered questions, kept joins): without them both are this server's only.
	const [usersOk, usersStore] = pcall(() => deps.openDataStore(USER_DATASTORE));
	const userRecords: DataStoreAccess | undefined = usersOk
		? { store: usersStore, budget: deps.dataStoreBudget, sleep: (seconds) => task.wait(seconds), now: gameClock }
		: undefined;
	// Joins first: the sender hands them students whose kept joins another server left (adoptedStudents).
	const { handler: joins, remote: joinRemote } = startJoin(undefined, deps.warn, offline, userRecords);

	// Before the sender: it refuses new events while the loader says the school's subscription has ended.
	const content = startContent(undefined, deps.warn);
	const sender = startProgress({
		client: undefined,
		ids: deps.ids,
		dataStores: {
			GetDataStore(name) {
				return deps.openDataStore(name);
			},
		},
		budget: deps.dataStoreBudget,
		jobId: deps.jobId,
		bindToClose: deps.bindToClose,
		warn: deps.warn,
		// Progress left by a server that closed before the service answered: its kept joins go first.
		adoptedStudents: (userIds) => {
			for (const userId of userIds) joins.restore(userId);
		},
		subscriptionEnded: () => content.ended(),
	});

	// Deployed releases: asset ids by name, lessons to fall back on, announcements that reload content.
	// Reading the data store needs no service key, so this runs whatever the start check says.
	const [releaseStoreOk, releaseStore] = pcall(() => deps.openDataStore(RELEASE_DATA_STORE));
	let releases: ReleaseFeed | undefined;
	if (releaseStoreOk) {
		const budget = deps.dataStoreBudget && { budget: deps.dataStoreBudget, sleep: (seconds: number) => task.wait(seconds), now: gameClock };
		releases = startReleases({ store: releaseStore, subscribe: deps.subscribe, decodeJson: deps.decodeJson, warn: deps.warn, budget }, content, {
			offline: () => state === "offline",
			refused: () => state === "refused",
		});
	} else {
		deps.warn(`[ToolBoxAI] No data store access (${tostring(releaseStore)}): deployed releases are not read`);
	}

	// A returning player resumes where the service says, once it answers; until then the lookup fails fast.
	const resumeClient: ServiceClient = {
		serverUrl: "",
		call<T>(request: ServiceRequest<T>): ServiceResult<T> {
			if (live !== undefined) return live.call(request);
			// Nothing was asked, so nothing to wait for before another try.
			return { ok: false, reason: "server_down", message: "The ToolBoxAI service has not answered this server yet.", retryAfter: 0 };
		},
	};
	startQuizWhenLoaded(content, {
		record: (event) => (recording ? sender.record(event) : undefined),
		warn: deps.warn,
		client: resumeClient,
		userRecords,
	});

	function connect(result: Extract<StartCheck, { ok: true }>) {
		const scopes = result.identity.scopes;
		if (scopes.includes("runtime:read")) content.connect(result.client);
		else deps.warn("[ToolBoxAI] The key lacks runtime:read: lessons come from the deployed release only.");
		if (scopes.includes("classes:join")) {
			connectJoins(joins, result.client);
		} else {
			// No form for students: the client shows none when the remote is missing.
			joinRemote.Destroy();
			deps.warn("[ToolBoxAI] The key lacks classes:join: students cannot join a class here.");
		}
		if (scopes.includes("progress:write")) {
			sender.connect(result.client);
		} else {
			// Saved for a later server with a key that may write it; nothing more is recorded here.
			recording = false;
			sender.flush(0);
			deps.warn("[ToolBoxAI] The key lacks progress:write: progress is not recorded on this server.");
		}
	}

	task.spawn(() => {
		const result = runStartCheckUntilDone({
			http: deps.http,
			config: deps.config,
			status: deps.status,
			info: deps.info,
			warn: deps.warn,
			jobId: deps.jobId,
			sleep: (seconds) => task.wait(seconds),
			random: () => math.random(),
			retry: deps.retry,
			onTry: (attempt) => {
				if (isRetryable(attempt)) state = "offline";
			},
		});
		if (result.ok) {
			live = result.client;
			connect(result);
			state = "ready";
		} else {
			state = "refused";
			joinRemote.Destroy();
		}
	});

	// Clients see "offline" while progress cannot be sent (a note says it is kept), and "ready" again once it can.
	// Written only when the word changes (the check itself published "ready").
	task.spawn(() => {
		let shown: ServiceStatus = "ready";
		for (;;) {
			task.wait(1);
			if (state !== "ready") continue;
			const word: ServiceStatus = sender.stats().failing >= FAILING_REQUESTS_NOTE ? "offline" : "ready";
			if (word === shown) continue;
			shown = word;
			deps.status.SetAttribute(STATUS_ATTRIBUTE, word);
		}
	});

	return {
		status() {
			return state;
		},
		sender,
		content,
		joins,
		releases,
	};
}
