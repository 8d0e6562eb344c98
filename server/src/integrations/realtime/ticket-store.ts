import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Single-use values with a short life (the event stream's tickets): `take` answers a value once, then never again.
 * Shared through Redis when REDIS_URL is set, so a ticket issued by one instance opens a stream on another.
 * Keys are stored hashed: a Redis dump does not hold usable tickets.
 */
export interface TicketStore {
	put(ticket: string, value: string, ttlMs: number): Promise<void>;
	take(ticket: string): Promise<string | undefined>;
}

function hashed(ticket: string): string {
	return createHash("sha256").update(ticket).digest("base64url");
}

export class MemoryTicketStore implements TicketStore {
	private readonly entries = new Map<string, { value: string; expiresAt: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	async put(ticket: string, value: string, ttlMs: number): Promise<void> {
		const now = this.now();
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
		this.entries.set(hashed(ticket), { value, expiresAt: now + ttlMs });
	}

	async take(ticket: string): Promise<string | undefined> {
		const key = hashed(ticket);
		const entry = this.entries.get(key);
		this.entries.delete(key);
		return entry !== undefined && entry.expiresAt > this.now() ? entry.value : undefined;
	}
}

export class RedisTicketStore implements TicketStore {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
	) {}

	async put(ticket: string, value: string, ttlMs: number): Promise<void> {
		await this.redis.set(`${this.prefix}${hashed(ticket)}`, value, "PX", ttlMs);
	}

	/** GETDEL: of two instances taking one ticket at once, one gets it. */
	async take(ticket: string): Promise<string | undefined> {
		return (await this.redis.getdel(`${this.prefix}${hashed(ticket)}`)) ?? undefined;
	}
}
