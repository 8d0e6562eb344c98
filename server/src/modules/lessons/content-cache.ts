import type { Sequelize } from "sequelize";
import type { ChangeFeed } from "../../db/change-feed";
import { CONTENT_CHANNEL } from "../../db/migrations/0900-content-versions";
import { onDatabaseNotice } from "../../db/sequelize";

/** One school's active content as served: its canonical JSON, strong ETag, and the school's content counter then. */
export interface KeptContent {
	readonly json: string;
	readonly etag: string;
	readonly version: string;
}

/** Taken before the database is read; a copy is kept only if no notice for the school arrived since. */
export interface Ticket {
	readonly tenantId: string;
	readonly epoch: number;
	readonly generation: number;
}

/** Schools kept per instance; the oldest kept is dropped first past this (a game poll refills it with one read). */
const MAX_SCHOOLS = 5_000;
/** A write of this instance whose commit notice never comes (it rolled back) stops bypassing the copy after this. */
const WRITE_PENDING_MS = 60_000;
const NOTICE_PREFIX = `${CONTENT_CHANNEL} `;

/**
 * Each school's active content, computed once per change. Copies are dropped by the database's commit-time notices
 * (triggers on assignments, classes, lessons and versions: db/migrations/0900-content-versions.ts), and all of them
 * whenever notices may have been missed. While the feed is live a kept copy is served without touching the
 * database; otherwise the caller compares `version` with the school's counter first. This instance's own writes are
 * heard as they run (a notice before the commit): from then until their commit notice arrives, the school's content
 * is read from the database and not kept, so a game polling right after a teacher's change on the same instance
 * gets the change.
 */
export class ContentCache {
	private readonly kept = new Map<string, KeptContent>();
	private readonly generations = new Map<string, number>();
	/** Per school, the transactions of this instance that changed its content and whose commit notice has not come. */
	private readonly writing = new Map<string, Map<string, number>>();
	private epoch = 0;

	constructor(
		private readonly changes: ChangeFeed,
		db: Sequelize,
		private readonly now: () => number = Date.now,
	) {
		// Payloads are "<school> <transaction id>" (the triggers of db/migrations/0900-content-versions.ts).
		changes.subscribe(
			CONTENT_CHANNEL,
			(payload) => {
				const [tenantId = "", transactionId = ""] = payload.split(" ");
				this.writing.get(tenantId)?.delete(transactionId);
				this.drop(tenantId);
			},
			() => this.dropAll(),
		);
		onDatabaseNotice(db, (message) => {
			if (!message.startsWith(NOTICE_PREFIX)) return;
			const [tenantId = "", transactionId = ""] = message.slice(NOTICE_PREFIX.length).split(" ");
			const transactions = this.writing.get(tenantId) ?? new Map<string, number>();
			transactions.set(transactionId, this.now() + WRITE_PENDING_MS);
			this.writing.set(tenantId, transactions);
			this.drop(tenantId);
		});
	}

	/** A kept copy of this school is current without asking the database: every change reaches this instance. */
	trusted(tenantId: string): boolean {
		return this.changes.live && !this.isWriting(tenantId);
	}

	private isWriting(tenantId: string): boolean {
		const transactions = this.writing.get(tenantId);
		if (transactions === undefined) return false;
		const now = this.now();
		for (const [transactionId, until] of transactions) if (until <= now) transactions.delete(transactionId);
		if (transactions.size === 0) this.writing.delete(tenantId);
		return transactions.size > 0;
	}

	get(tenantId: string): KeptContent | undefined {
		return this.kept.get(tenantId);
	}

	ticket(tenantId: string): Ticket {
		return { tenantId, epoch: this.epoch, generation: this.generations.get(tenantId) ?? 0 };
	}

	store(ticket: Ticket, content: KeptContent): void {
		if (ticket.epoch !== this.epoch || ticket.generation !== (this.generations.get(ticket.tenantId) ?? 0)) return;
		// Read while a write of ours may not have committed: it may be the old content.
		if (this.isWriting(ticket.tenantId)) return;
		this.kept.delete(ticket.tenantId);
		this.kept.set(ticket.tenantId, content);
		if (this.kept.size > MAX_SCHOOLS) {
			const oldest = this.kept.keys().next().value;
			if (oldest !== undefined) this.kept.delete(oldest);
		}
	}

	private drop(tenantId: string): void {
		this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
		this.kept.delete(tenantId);
	}

	private dropAll(): void {
		this.epoch += 1;
		this.generations.clear();
		this.kept.clear();
	}
}

const caches = new WeakMap<ChangeFeed, ContentCache>();

/** The instance's cache (one per change feed, so two apps in one test process keep their own). */
export function contentCacheOf(infra: { readonly changes: ChangeFeed; readonly db: Sequelize }): ContentCache {
	let cache = caches.get(infra.changes);
	if (cache === undefined) {
		cache = new ContentCache(infra.changes, infra.db);
		caches.set(infra.changes, cache);
	}
	return cache;
}
