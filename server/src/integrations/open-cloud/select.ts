/**
 * Chooses how Open Cloud is reached: with a real API key, the live transport; without one (the embedded default,
 * or an environment saved without a key), the dry-run transport, which records exactly the requests live would
 * send, because both go through the same client and request builders.
 */
import { createOpenCloudClient, type CallBudget, type OpenCloudClient, type OpenCloudClientOptions } from "./client";
import { OpenCloudRateLimiter } from "./rate-limit";
import type { OpenCloudTransport } from "./wire";

export interface OpenCloudAccess {
	/** The environment's Open Cloud API key (decrypted); unset or blank = dry run. */
	readonly apiKey?: string;
	/** The key's owner from introspection (user or group id), so all keys of one owner share its limits. */
	readonly owner?: string;
	/** Bounds each call in time, for calls made while a person waits (client.ts CallBudget). */
	readonly budget?: CallBudget;
}

export type OpenCloudClientFactory = (access: OpenCloudAccess) => OpenCloudClient;

export interface ClientFactoryOptions {
	readonly baseUrl: string;
	readonly live: OpenCloudTransport;
	readonly dryRun: OpenCloudTransport;
	/** One per process (its windows in Redis with REDIS_URL): every client of the same owner spends from the same buckets. */
	readonly limiter?: OpenCloudRateLimiter;
	readonly tuning?: Pick<OpenCloudClientOptions, "retry" | "poll" | "timeoutMs" | "random">;
}

export function createOpenCloudClientFactory(options: ClientFactoryOptions): OpenCloudClientFactory {
	const limiter = options.limiter ?? new OpenCloudRateLimiter();
	return (access) => {
		const apiKey = access.apiKey?.trim() ?? "";
		return createOpenCloudClient({
			...options.tuning,
			transport: apiKey === "" ? options.dryRun : options.live,
			// Dry-run still sends the header (redacted in its file), so the record matches a live request.
			apiKey: apiKey === "" ? "dry-run" : apiKey,
			baseUrl: options.baseUrl,
			limiter,
			...(access.owner === undefined ? {} : { owner: access.owner }),
			...(access.budget === undefined ? {} : { budget: access.budget }),
		});
	};
}
