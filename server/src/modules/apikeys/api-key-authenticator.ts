import type { Sequelize } from "sequelize";
import { createLimiter, type RateLimit, type RateLimitDeps } from "../../http/rate-limit";
import { authenticateApiKey, type ApiKeyIdentity } from "./authenticate-api-key";

/**
 * What one key may send. Limits are per key, never per IP: Roblox game servers share addresses. One experience's
 * servers share a key, so a game server's requests are counted per (key, JobId) — the `X-Roblox-Job-Id` header —
 * and the key as a whole only has a ceiling.
 */
export interface ApiKeyLimits {
	/** One game server: HttpService lets a server send 500 a minute, so a little above that only stops a runaway loop. */
	readonly perGameServer: RateLimit;
	/**
	 * All of a key's requests together. A busy server sends about 14 a minute (a progress batch every 5 s, a content
	 * poll every 30 s), so 10,000 servers send about 140,000: 200,000 leaves room for joins and resumes while still
	 * bounding a leaked key that makes up JobIds.
	 */
	readonly perKey: RateLimit;
	/** Requests without a JobId (CI, the CLI, Studio's empty JobId): a few servers' worth per key, as before. */
	readonly withoutGameServer: RateLimit;
}

export const API_KEY_LIMITS: ApiKeyLimits = {
	perGameServer: { name: "api_key_game_server", points: 600, durationSeconds: 60, what: "requests from this game server" },
	perKey: { name: "api_key_all", points: 200_000, durationSeconds: 60, what: "requests with this API key (all its game servers together)" },
	withoutGameServer: { name: "api_key", points: 3000, durationSeconds: 60, what: "requests with this API key without a game server JobId" },
};

/** Counts one request of a key (and of its game server, when the request names one); throws rate_limited once over. */
export type ApiKeyRequestCounter = (apiKeyId: string, gameServerId: string | undefined) => Promise<void>;

export function apiKeyRequestCounter(deps: RateLimitDeps, limits: ApiKeyLimits = API_KEY_LIMITS): ApiKeyRequestCounter {
	const perGameServer = createLimiter(deps, limits.perGameServer);
	const perKey = createLimiter(deps, limits.perKey);
	const withoutGameServer = createLimiter(deps, limits.withoutGameServer);
	return async (apiKeyId, gameServerId) => {
		// The narrower counter first: a runaway server is refused before it eats into its experience's ceiling.
		if (gameServerId === undefined) await withoutGameServer.hit(apiKeyId);
		else await perGameServer.hit(`${apiKeyId}:${gameServerId}`);
		await perKey.hit(apiKeyId);
	};
}

/** authenticateApiKey, then one request counted for the key and its game server (429 + Retry-After once over). Wired in app.ts. */
export function apiKeyAuthenticator(
	deps: RateLimitDeps,
	limits: ApiKeyLimits = API_KEY_LIMITS,
): (db: Sequelize, secret: string, gameServerId?: string) => Promise<ApiKeyIdentity | undefined> {
	const count = apiKeyRequestCounter(deps, limits);
	return async (db, secret, gameServerId) => {
		const identity = await authenticateApiKey(db, secret);
		if (identity !== undefined) await count(identity.actor.apiKeyId, gameServerId);
		return identity;
	};
}
