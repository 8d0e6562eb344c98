import type { Sequelize } from "sequelize";
import { createLimiter, sharedEpoch, type RateLimit, type RateLimitDeps, type SharedEpoch } from "../../http/rate-limit";
import { ApiKeyCache } from "./api-key-cache";
import { hashApiKeySecret, looksLikeApiKey } from "./api-key-secret";
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
		const own = gameServerId === undefined ? withoutGameServer : perGameServer;
		const ownKey = gameServerId === undefined ? apiKeyId : `${apiKeyId}:${gameServerId}`;
		// Both counters in one round trip; a runaway server is refused without eating into its experience's ceiling.
		const [ownTaken, keyTaken] = await Promise.all([own.take(ownKey), perKey.take(apiKeyId)]);
		if (!ownTaken.allowed) {
			if (keyTaken.allowed) await perKey.refund(apiKeyId);
			throw own.refusal(ownTaken.retryAfterSeconds);
		}
		if (!keyTaken.allowed) throw perKey.refusal(keyTaken.retryAfterSeconds);
	};
}

/** "A key was revoked somewhere": every instance's verified keys stop counting once it moves. */
export function apiKeysEpoch(deps: RateLimitDeps): SharedEpoch {
	return sharedEpoch(deps, "api_keys");
}

/**
 * The key's identity, and one request counted for the key and its game server (429 + Retry-After once over). A key
 * verified in the database is kept (api-key-cache.ts): then a request costs one Redis round trip, its counters and
 * the revocation epoch together, and no query. Wired in app.ts, one per app.
 */
export function apiKeyAuthenticator(
	deps: RateLimitDeps,
	limits: ApiKeyLimits = API_KEY_LIMITS,
): (db: Sequelize, secret: string, gameServerId?: string) => Promise<ApiKeyIdentity | undefined> {
	const count = apiKeyRequestCounter(deps, limits);
	const epoch = apiKeysEpoch(deps);
	const cache = new ApiKeyCache();
	return async (db, secret, gameServerId) => {
		if (!looksLikeApiKey(secret)) return undefined;
		const hash = hashApiKeySecret(secret).toString("base64");
		const verify = async (current: number) => {
			const identity = await authenticateApiKey(db, secret);
			if (identity !== undefined) cache.set(hash, identity, current);
			return identity;
		};
		const known = cache.peek(hash);
		if (known !== undefined) {
			const [current] = await Promise.all([epoch.read(), count(known.actor.apiKeyId, gameServerId)]);
			if (cache.get(hash, current) !== undefined) return known;
			// Revoked somewhere since, or kept long enough: the database says (the request is already counted).
			return verify(current);
		}
		// The epoch before the database: a revoke that lands in between is seen by the next request.
		const identity = await verify(await epoch.read());
		if (identity !== undefined) await count(identity.actor.apiKeyId, gameServerId);
		return identity;
	};
}
