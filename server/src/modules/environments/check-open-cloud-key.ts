/**
 * The key check on save: introspect the key with Roblox, refuse it when Roblox says it is invalid, disabled or
 * expired, and otherwise keep what introspection said (name, owner, scopes, expiry) with the scopes the
 * environment still lacks. Nothing is saved when the check fails or cannot be made.
 *
 * A person waits for this answer, so the check has a short budget whatever Roblox does (no answer, 5xx, a slow
 * body): when Roblox has not answered within it, the save is refused at once (502 upstream_failed, nothing
 * saved) rather than keeping an unchecked key. A stored key is always one Roblox has confirmed, so what the
 * dashboard and a deploy read of its scopes is true; the admin can save the environment without a key meanwhile.
 */
import { AppError } from "../../errors/app-error";
import { OpenCloudError } from "../../integrations/open-cloud/errors";
import type { CallBudget, KeyIntrospection } from "../../integrations/open-cloud/client";
import type { OpenCloudClientFactory } from "../../integrations/open-cloud/select";
import type { StoredKeyStatus } from "./environment-row";
import { missingScopes, toKeyScope, type ScopeTarget } from "./key-scopes";

/**
 * How long the check may take in all: within 3 s of the request with our own work included. A try that gets no
 * answer is not retried (there is no time); quick failures (5xx, a refused connection) are tried up to 3 times.
 */
export const KEY_CHECK_BUDGET: CallBudget = { totalMs: 2500, retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 800 } };

/** `reason` is for programs (the dashboard, the CLI); the message says what to do about it. */
function rejected(reason: "invalid" | "disabled" | "expired", message: string): AppError {
	return new AppError("open_cloud_key_rejected", `${message} Nothing was saved.`, { reason, issues: [{ path: "/openCloudApiKey", code: reason, message }] });
}

function ownerId(value: string | undefined): number | undefined {
	return value !== undefined && /^[1-9]\d{0,17}$/.test(value) ? Number(value) : undefined;
}

export async function checkOpenCloudKey(
	openCloudClient: OpenCloudClientFactory,
	apiKey: string,
	target: Omit<ScopeTarget, "ownerUserId">,
	now: Date = new Date(),
	budget: CallBudget = KEY_CHECK_BUDGET,
): Promise<StoredKeyStatus> {
	let answer: KeyIntrospection;
	try {
		// A live client whatever the key: introspection is how we learn whether it is one.
		answer = await openCloudClient({ apiKey, budget }).introspectKey(apiKey);
	} catch (error) {
		if (!(error instanceof OpenCloudError)) throw error;
		if (error.status === 400 || error.status === 401 || error.status === 403) {
			throw rejected(
				"invalid",
				"Roblox refused this Open Cloud API key: it is not a valid key, it was regenerated or revoked, or it may not be used from this server's IP address (check the key's IP restrictions).",
			);
		}
		// Neither the key's nor the admin's fault: say so, that nothing changed, and what they can do now.
		const why =
			error.code === "timeout" ? `Roblox did not answer within ${Math.round(budget.totalMs / 100) / 10} s` : `${error.code}${error.status === 0 ? "" : `, HTTP ${error.status}`}`;
		throw new AppError(
			"upstream_failed",
			`Could not check the key with Roblox (${why}), so nothing was saved. Try again in a minute, or save the environment without a key for now (its deploys are dry runs until a key is added).`,
		);
	}
	if (answer.dryRun) throw new AppError("internal", "The key check ran without a network transport.");
	if (!answer.enabled) throw rejected("disabled", "This Open Cloud API key is disabled on Roblox: turn on Enable Key in Creator Dashboard → API Keys, then save it again.");
	if (answer.expired) {
		throw rejected(
			"expired",
			`This Open Cloud API key has expired${answer.expirationTimeUtc === undefined ? "" : ` (${answer.expirationTimeUtc})`}: set a new expiration date in Creator Dashboard → API Keys (unused keys also expire after 60 days), then save it again.`,
		);
	}
	const scopes = answer.scopes.map(toKeyScope);
	const owner = ownerId(answer.authorizedUserId);
	const expiresAt = answer.expirationTimeUtc === undefined ? undefined : new Date(answer.expirationTimeUtc);
	return {
		...(answer.name === undefined ? {} : { name: answer.name.slice(0, 200) }),
		...(owner === undefined ? {} : { ownerUserId: owner }),
		scopes,
		missingScopes: missingScopes(scopes, { ...target, ...(owner === undefined ? {} : { ownerUserId: owner }) }),
		...(expiresAt === undefined || Number.isNaN(expiresAt.getTime()) ? {} : { expiresAt: expiresAt.toISOString() }),
		checkedAt: now.toISOString(),
	};
}
