import type { Sequelize } from "sequelize";
import { createLimiter, type RateLimit, type RateLimitDeps } from "../../http/rate-limit";
import { authenticateApiKey, type ApiKeyIdentity } from "./authenticate-api-key";

/**
 * Per key, not per IP: Roblox game servers share addresses, and one experience's servers share a key.
 * HttpService allows each server 500 requests a minute; a key is shared by all of an experience's servers,
 * so the budget is a few servers' worth.
 */
export const API_KEY_RATE_LIMIT: RateLimit = { name: "api_key", points: 3000, durationSeconds: 60, what: "requests with this API key" };

/** authenticateApiKey, then one hit on the key's own counter (429 + Retry-After once over). Wired in app.ts. */
export function apiKeyAuthenticator(deps: RateLimitDeps, limit: RateLimit = API_KEY_RATE_LIMIT): (db: Sequelize, secret: string) => Promise<ApiKeyIdentity | undefined> {
	const limiter = createLimiter(deps, limit);
	return async (db, secret) => {
		const identity = await authenticateApiKey(db, secret);
		if (identity !== undefined) await limiter.hit(identity.actor.apiKeyId);
		return identity;
	};
}
