/**
 * The Open Cloud client: one function per operation ToolBoxAI deploys with. Every call is built by requests.ts,
 * waits for its rate-limit bucket, goes through the transport (live or dry-run), is retried when that is safe,
 * and fails with one error type (OpenCloudError).
 */
import crypto from "node:crypto";
import { countOpenCloudRequest, observeOpenCloudLimiterWait } from "../../observability/metrics";
import { errorFromResponse, OpenCloudError } from "./errors";
import type { Clock, OpenCloudRateLimiter } from "./rate-limit";
import {
	createAssetRequest,
	getOperationRequest,
	introspectKeyRequest,
	publishMessageRequest,
	publishPlaceRequest,
	updateAssetRequest,
	writeDataStoreEntryRequest,
	type BuiltRequest,
	type CreateAssetInput,
	type PublishMessageInput,
	type PublishPlaceInput,
	type UpdateAssetInput,
	type WriteEntryInput,
} from "./requests";
import type { OpenCloudResponse, OpenCloudTransport } from "./wire";

export interface RetryPolicy {
	/** Tries in all, the first included. */
	readonly maxAttempts: number;
	readonly baseDelayMs: number;
	readonly maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * A call made while a person waits (e.g. the key check on save): however Roblox behaves (no answer, 5xx, a slow
 * body, our own rate-limit queue), each call of the client ends within `totalMs`, with the retries that fit.
 */
export interface CallBudget {
	readonly totalMs: number;
	readonly retry: RetryPolicy;
}

export interface PollPolicy {
	readonly firstDelayMs: number;
	readonly factor: number;
	readonly maxDelayMs: number;
	/** Give up after this many polls (an operation that never finishes must not hang a deploy). */
	readonly maxPolls: number;
}
/** 1, 2, 4, 8, 16, 16... s: the backoff real clients use, capped so a slow operation is still noticed soon. */
export const DEFAULT_POLL: PollPolicy = { firstDelayMs: 1000, factor: 2, maxDelayMs: 16_000, maxPolls: 40 };

export interface OpenCloudClientOptions {
	readonly transport: OpenCloudTransport;
	readonly apiKey: string;
	/** ROBLOX_OPEN_CLOUD_URL (default https://apis.roblox.com). */
	readonly baseUrl: string;
	/** Shared by every client of the process. Its clock (injectable) is used for every wait. */
	readonly limiter: OpenCloudRateLimiter;
	/**
	 * Who Roblox counts the limits against: the key's owner (introspection's authorizedUserId or the group).
	 * Default: a hash of the key, which is right when each owner has one key.
	 */
	readonly owner?: string;
	readonly retry?: RetryPolicy;
	readonly poll?: PollPolicy;
	readonly timeoutMs?: number;
	/** Bounds every call of this client in time (its retry policy replaces `retry`). Unset: calls may take long. */
	readonly budget?: CallBudget;
	/** Jitter source (0..1); injectable so tests are exact. */
	readonly random?: () => number;
}

export type ModerationState = "approved" | "rejected" | "reviewing" | "unknown";

export interface AssetOperation {
	readonly operationId: string;
	readonly done: boolean;
	readonly dryRun: boolean;
}

export interface FinishedAsset {
	readonly assetId: string;
	readonly revisionId?: string;
	readonly moderationState: ModerationState;
	readonly dryRun: boolean;
}

/** One scope of an introspected key. Resource lists hold ids as strings; "*" means every resource of that type. */
export interface IntrospectedScope {
	readonly name: string;
	readonly operations: ReadonlyArray<string>;
	/** Absent: the scope is not restricted by experience (or does not support it). */
	readonly universeIds?: ReadonlyArray<string>;
	readonly groupIds?: ReadonlyArray<string>;
	readonly userIds?: ReadonlyArray<string>;
	/** Data store scopes are restricted per universe and store name instead. */
	readonly universeDatastores?: ReadonlyArray<{ readonly universeId: string; readonly datastoreName?: string }>;
}

export interface KeyIntrospection {
	readonly name?: string;
	/** The key's owner; Roblox sends a number (docs) or a string (some clients): always a string here. */
	readonly authorizedUserId?: string;
	readonly scopes: ReadonlyArray<IntrospectedScope>;
	readonly enabled: boolean;
	readonly expired: boolean;
	readonly expirationTimeUtc?: string;
	readonly dryRun: boolean;
}

export interface OpenCloudClient {
	readonly dryRun: boolean;
	createAsset(input: CreateAssetInput): Promise<AssetOperation>;
	updateAsset(input: UpdateAssetInput): Promise<AssetOperation>;
	/** One poll: `undefined` while not done (a missing `done` counts as not done). */
	getOperation(operationId: string): Promise<FinishedAsset | undefined>;
	/** Polls with exponential backoff until done; throws OpenCloudError("operation_failed") when Roblox says it failed. */
	waitForOperation(operationId: string): Promise<FinishedAsset>;
	publishPlace(input: PublishPlaceInput): Promise<{ versionNumber: number; dryRun: boolean }>;
	publishMessage(input: PublishMessageInput): Promise<{ dryRun: boolean }>;
	writeDataStoreEntry(input: WriteEntryInput): Promise<{ dryRun: boolean }>;
	/** POST /api-keys/v1/introspect for `apiKey` (any key, not only this client's). */
	introspectKey(apiKey: string): Promise<KeyIntrospection>;
}

function badResponse(context: string, why: string): OpenCloudError {
	return new OpenCloudError({ status: 200, code: "bad_response", message: `${context}: unexpected answer from Open Cloud (${why})`, retryable: false });
}

function parseJson(body: string, context: string): Record<string, unknown> {
	try {
		const value = JSON.parse(body) as unknown;
		if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw badResponse(context, `not a JSON object: ${body.slice(0, 100)}`);
}

/** Docs and live spell enums differently (MODERATION_STATE_APPROVED vs Approved): accept both. */
function moderationState(value: unknown): ModerationState {
	const text = typeof value === "string" ? value.replace(/^MODERATION_STATE_/i, "").toLowerCase() : "";
	return text === "approved" || text === "rejected" || text === "reviewing" ? text : "unknown";
}

function operationIdOf(body: Record<string, unknown>, context: string): string {
	if (typeof body.operationId === "string" && body.operationId !== "") return body.operationId;
	// The docs show only `path: "operations/<id>"`.
	if (typeof body.path === "string" && body.path.startsWith("operations/")) return body.path.slice("operations/".length);
	throw badResponse(context, "no operation id");
}

function idText(value: unknown): string | undefined {
	return typeof value === "string" && value !== "" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

function idList(value: unknown): string[] | undefined {
	if (!Array.isArray(value)) return undefined;
	return value.map(idText).filter((id): id is string => id !== undefined);
}

/** Reads one introspected scope leniently: unknown fields are dropped, ids become strings. */
function introspectedScope(raw: unknown): IntrospectedScope | undefined {
	if (typeof raw !== "object" || raw === null) return undefined;
	const o = raw as Record<string, unknown>;
	if (typeof o.name !== "string" || o.name === "") return undefined;
	const operations = Array.isArray(o.operations) ? o.operations.filter((op): op is string => typeof op === "string") : [];
	// The docs name the list `universeIds`; one client saw a single `universeId`: take either.
	const universeIds = idList(o.universeIds) ?? (idText(o.universeId) === undefined ? undefined : [idText(o.universeId) as string]);
	const groupIds = idList(o.groupIds);
	const userIds = idList(o.userIds);
	const universeDatastores = Array.isArray(o.universeDatastores)
		? o.universeDatastores.flatMap((entry) => {
				if (typeof entry === "string") return entry === "*" ? [{ universeId: "*" }] : [];
				const store = (entry ?? {}) as Record<string, unknown>;
				const universeId = idText(store.universeId);
				if (universeId === undefined) return [];
				return [{ universeId, ...(typeof store.datastoreName === "string" ? { datastoreName: store.datastoreName } : {}) }];
			})
		: undefined;
	return {
		name: o.name,
		operations,
		...(universeIds === undefined ? {} : { universeIds }),
		...(groupIds === undefined ? {} : { groupIds }),
		...(userIds === undefined ? {} : { userIds }),
		...(universeDatastores === undefined ? {} : { universeDatastores }),
	};
}

export function createOpenCloudClient(options: OpenCloudClientOptions): OpenCloudClient {
	const { transport, limiter } = options;
	const clock: Clock = limiter.clock;
	const budget = options.budget;
	const retry = budget?.retry ?? options.retry ?? DEFAULT_RETRY;
	const poll = options.poll ?? DEFAULT_POLL;
	const random = options.random ?? Math.random;
	const owner = options.owner ?? `key:${crypto.createHash("sha256").update(options.apiKey).digest("hex").slice(0, 16)}`;
	const target = { baseUrl: options.baseUrl, apiKey: options.apiKey };
	const dryRun = transport.driver === "dry-run";

	function backoff(attempt: number): number {
		// Full jitter: concurrent deploys that were throttled together do not retry together.
		const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
		return Math.round(ceiling / 2 + (random() * ceiling) / 2);
	}

	function budgetSpent(context: string): OpenCloudError {
		return new OpenCloudError({ status: 0, code: "timeout", message: `${context}: no answer from Open Cloud within ${budget?.totalMs} ms`, retryable: true });
	}

	/** The rate-limit wait, given up (as a timeout) when the budget ends first. */
	async function acquireWithin(group: BuiltRequest["group"], deadline: number | undefined, context: string): Promise<void> {
		const acquired = limiter.acquire(owner, group);
		if (deadline === undefined) return acquired;
		let timer: NodeJS.Timeout | undefined;
		const expired = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => reject(budgetSpent(context)), Math.max(0, deadline - clock.now()));
		});
		try {
			await Promise.race([acquired, expired]);
		} finally {
			clearTimeout(timer);
		}
	}

	/**
	 * Sends with rate limiting and bounded retries; resolves with a 2xx answer or throws OpenCloudError. `operation`
	 * names the call in the metrics (a fixed word per client function, never an id).
	 */
	async function send(operation: string, request: BuiltRequest, context: string, conflictMessage?: string): Promise<OpenCloudResponse> {
		const withTimeout = options.timeoutMs === undefined ? request : { ...request, timeoutMs: options.timeoutMs };
		const deadline = budget === undefined ? undefined : clock.now() + budget.totalMs;
		for (let attempt = 1; ; attempt += 1) {
			const waitStarted = clock.now();
			try {
				await acquireWithin(request.group, deadline, context);
			} finally {
				observeOpenCloudLimiterWait(request.group, Math.max(0, clock.now() - waitStarted) / 1000);
			}
			const left = deadline === undefined ? undefined : deadline - clock.now();
			if (left !== undefined && left <= 0) throw budgetSpent(context);
			// Within a budget, a try waits at most for what is left of it.
			const timeoutMs = left === undefined ? withTimeout.timeoutMs : Math.min(withTimeout.timeoutMs ?? left, left);
			let error: OpenCloudError;
			try {
				const response = await transport.send(timeoutMs === undefined ? withTimeout : { ...withTimeout, timeoutMs });
				countOpenCloudRequest(operation, response.dryRun ? "dry_run" : response.status);
				if (response.status >= 200 && response.status < 300) return response;
				error = errorFromResponse(response, { context, nowMs: clock.now(), ...(conflictMessage === undefined ? {} : { conflictMessage }) });
			} catch (thrown) {
				// No answer at all (the transport's timeout or a network error): counted by why.
				countOpenCloudRequest(operation, thrown instanceof OpenCloudError ? thrown.code : "error");
				if (!(thrown instanceof OpenCloudError)) throw thrown;
				error = thrown;
			}
			// Only a 429 proves Roblox did nothing; anything else may have happened on a non-idempotent request.
			const safeToRetry = error.retryable && (request.idempotent || error.status === 429);
			if (!safeToRetry || attempt >= retry.maxAttempts) throw error;
			const waitMs = error.retryAfterMs ?? backoff(attempt);
			// A retry that cannot start before the budget ends is not made: the caller hears the last error now.
			if (deadline !== undefined && clock.now() + waitMs >= deadline) throw error;
			if (error.status === 429) await limiter.block(owner, request.group, waitMs);
			else await clock.sleep(waitMs);
		}
	}

	function operationAnswer(response: OpenCloudResponse, context: string): AssetOperation {
		if (response.dryRun) return { operationId: "dry-run", done: false, dryRun: true };
		const body = parseJson(response.body, context);
		return { operationId: operationIdOf(body, context), done: body.done === true, dryRun: false };
	}

	async function getOperation(operationId: string): Promise<FinishedAsset | undefined> {
		const context = `Polling asset operation ${operationId}`;
		const response = await send("get_operation", getOperationRequest(target, operationId), context);
		if (response.dryRun) return { assetId: "dry-run", moderationState: "unknown", dryRun: true };
		const body = parseJson(response.body, context);
		// `done` (and `response`) can be missing for a few seconds after creation: not done yet.
		if (body.done !== true) return undefined;
		if (typeof body.error === "object" && body.error !== null) {
			const failure = body.error as Record<string, unknown>;
			throw new OpenCloudError({
				status: 200,
				code: "operation_failed",
				message: `Roblox could not process the asset (operation ${operationId}): ${String(failure.message ?? "no reason given")}`,
				retryable: false,
				...(failure.code === undefined ? {} : { robloxCode: String(failure.code) }),
			});
		}
		const result = (body.response ?? {}) as Record<string, unknown>;
		const assetId =
			typeof result.assetId === "string" || typeof result.assetId === "number"
				? String(result.assetId)
				: typeof result.path === "string"
					? result.path.replace(/^assets\//, "")
					: undefined;
		if (assetId === undefined || assetId === "") throw badResponse(context, "done without an asset id");
		const moderation = (result.moderationResult ?? {}) as Record<string, unknown>;
		return {
			assetId,
			...(result.revisionId === undefined ? {} : { revisionId: String(result.revisionId) }),
			moderationState: moderationState(moderation.moderationState),
			dryRun: false,
		};
	}

	return {
		dryRun,
		async createAsset(input) {
			const context = `Uploading asset ${input.displayName}`;
			return operationAnswer(await send("create_asset", createAssetRequest(target, input), context), context);
		},
		async updateAsset(input) {
			const context = `Updating asset ${input.assetId}`;
			return operationAnswer(await send("update_asset", updateAssetRequest(target, input), context), context);
		},
		getOperation,
		async waitForOperation(operationId) {
			let delay = poll.firstDelayMs;
			for (let polls = 1; ; polls += 1) {
				const finished = await getOperation(operationId);
				if (finished !== undefined) return finished;
				if (polls >= poll.maxPolls) {
					throw new OpenCloudError({
						status: 0,
						code: "timeout",
						message: `Asset operation ${operationId} was not done after ${polls} polls; it may still finish (resume the deploy later)`,
						retryable: true,
					});
				}
				await clock.sleep(delay);
				delay = Math.min(poll.maxDelayMs, delay * poll.factor);
			}
		},
		async publishPlace(input) {
			const context = `Publishing place ${input.placeId}`;
			const response = await send(
				"publish_place",
				publishPlaceRequest(target, input),
				context,
				`Publishing place ${input.placeId} was refused (409): the place is open in Team Create, or it is not a place of universe ${input.universeId}. Close the Team Create session in Studio (or check the ids) and deploy again.`,
			);
			if (response.dryRun) return { versionNumber: 0, dryRun: true };
			// Declared text/plain, but the text is JSON: {"versionNumber": 7}.
			const versionNumber = parseJson(response.body, context).versionNumber;
			if (typeof versionNumber !== "number" || !Number.isInteger(versionNumber)) throw badResponse(context, "no versionNumber");
			return { versionNumber, dryRun: false };
		},
		async publishMessage(input) {
			const response = await send("publish_message", publishMessageRequest(target, input), `Messaging topic ${input.topic}`);
			return { dryRun: response.dryRun };
		},
		async writeDataStoreEntry(input) {
			const response = await send("write_data_store_entry", writeDataStoreEntryRequest(target, input), `Writing ${input.dataStore}/${input.entryId}`);
			return { dryRun: response.dryRun };
		},
		async introspectKey(apiKey) {
			const context = "Checking the Open Cloud API key";
			const response = await send("introspect_key", introspectKeyRequest(target, apiKey), context);
			if (response.dryRun) return { scopes: [], enabled: true, expired: false, dryRun: true };
			const body = parseJson(response.body, context);
			if (typeof body.enabled !== "boolean" && typeof body.expired !== "boolean" && !Array.isArray(body.scopes)) {
				throw badResponse(context, "no enabled, expired or scopes");
			}
			const name = typeof body.name === "string" ? body.name : undefined;
			const authorizedUserId = idText(body.authorizedUserId);
			const expirationTimeUtc = typeof body.expirationTimeUtc === "string" && body.expirationTimeUtc !== "" ? body.expirationTimeUtc : undefined;
			return {
				...(name === undefined ? {} : { name }),
				...(authorizedUserId === undefined ? {} : { authorizedUserId }),
				scopes: (Array.isArray(body.scopes) ? body.scopes : []).map(introspectedScope).filter((scope): scope is IntrospectedScope => scope !== undefined),
				// Only an explicit `enabled: false` / `expired: true` refuses the key; an absent flag says nothing.
				enabled: body.enabled !== false,
				expired: body.expired === true,
				...(expirationTimeUtc === undefined ? {} : { expirationTimeUtc }),
				dryRun: false,
			};
		},
	};
}
