import type { ApiKeyIdentity } from "./authenticate-api-key";

/** A key verified in the database is trusted from memory this long at most (changes outside the service included). */
export const VERIFIED_KEY_TTL_MS = 60_000;
/** Keys kept per instance; the oldest is dropped first past this (it is looked up again on its next request). */
const MAX_KEYS = 50_000;

interface Verified {
	readonly identity: ApiKeyIdentity;
	/** The shared "API keys changed" epoch read before the database was: a later revoke has bumped it. */
	readonly epoch: number;
	readonly until: number;
}

/**
 * Game servers' keys verified against the database, by secret hash, so a busy key costs no query per request. An
 * entry is used only while the shared epoch (bumped by every revoke, on any instance, before it answers) is the one
 * it was verified under, and for at most VERIFIED_KEY_TTL_MS.
 */
export class ApiKeyCache {
	private readonly verified = new Map<string, Verified>();

	constructor(private readonly now: () => number = () => performance.now()) {}

	get(hash: string, epoch: number): ApiKeyIdentity | undefined {
		const entry = this.verified.get(hash);
		if (entry === undefined) return undefined;
		if (entry.epoch !== epoch || entry.until <= this.now()) {
			this.verified.delete(hash);
			return undefined;
		}
		return entry.identity;
	}

	/** The key's identity under `epoch`, if it was kept (whatever the epoch now): what to count a request against. */
	peek(hash: string): ApiKeyIdentity | undefined {
		return this.verified.get(hash)?.identity;
	}

	set(hash: string, identity: ApiKeyIdentity, epoch: number): void {
		this.verified.delete(hash);
		this.verified.set(hash, { identity, epoch, until: this.now() + VERIFIED_KEY_TTL_MS });
		if (this.verified.size > MAX_KEYS) {
			const oldest = this.verified.keys().next().value;
			if (oldest !== undefined) this.verified.delete(oldest);
		}
	}
}
