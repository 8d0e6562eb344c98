/**
 * The seam between domain/HTTP code and infrastructure. `startInfrastructure(config, logger)`
 * (server/src/infrastructure.ts) returns this; app.ts and main.ts only use what is declared here.
 */
import type { Logger } from "pino";
import type { Sequelize } from "sequelize";
import type { OpenCloudClientFactory } from "./integrations/open-cloud/select";
import type { OpenCloudTransport } from "./integrations/open-cloud/wire";
import type { ChangeFeed } from "./db/change-feed";
import type { EventBus } from "./integrations/events/event-bus";
import type { StreamHub } from "./integrations/realtime/stream-hub";
import type { TicketStore } from "./integrations/realtime/ticket-store";

export interface JobDefinition<P> {
	/** Stable name, e.g. "mail.send". */
	readonly name: string;
	/** Payload schema version; bump when the payload shape changes. */
	readonly version: number;
	/** Validates and returns the payload (throws AppError("validation_failed") on bad input). */
	readonly parse: (payload: unknown) => P;
	readonly handle: (payload: P, context: { attempt: number; jobId: string; logger: Logger }) => Promise<void>;
	/** Retries before the job is dead-lettered (default 5), with exponential backoff from `backoffMs` (default 1000). */
	readonly attempts?: number;
	readonly backoffMs?: number;
}

export interface EnqueueOptions {
	/** Becomes the job id: enqueueing the same key twice runs the job once. */
	readonly idempotencyKey?: string;
	readonly delayMs?: number;
	/**
	 * How long a finished job's id still dedupes enqueues (default 24 h). Jobs enqueued often under keys that name a
	 * time window (e.g. progress aggregation every 2 s) keep theirs briefly, so finished jobs do not pile up.
	 */
	readonly dedupeWindowMs?: number;
}

export interface JobQueue {
	readonly driver: "bullmq" | "in-process";
	define<P>(definition: JobDefinition<P>): void;
	enqueue<P>(name: string, payload: P, options?: EnqueueOptions): Promise<{ jobId: string }>;
	/** Start workers (after every define). */
	start(): Promise<void>;
	/** Throws when the queue backend does not answer. */
	ping(): Promise<void>;
	/** Stop taking jobs, wait for running ones (up to timeoutMs), then release the rest. */
	close(timeoutMs?: number): Promise<void>;
}

export interface MailMessage {
	readonly to: string;
	readonly subject: string;
	readonly text: string;
	readonly html?: string;
	readonly template?: string;
	/** Extra headers, e.g. List-Unsubscribe on mail that is not essential. */
	readonly headers?: Readonly<Record<string, string>>;
	/** Mail that must arrive (a password reset): the provider delivers it despite its own suppression lists. */
	readonly bypassSuppressions?: boolean;
	/** Echoed back by the provider's events (ids only, never personal data), e.g. our message id. */
	readonly customArgs?: Readonly<Record<string, string>>;
}
/**
 * Delivers one rendered mail. Throws MailRejectedError (integrations/mail/errors.ts) when the provider refuses this
 * message for good, MailRetryLaterError when it asks to come back later; anything else is retried too.
 */
export interface MailSender {
	readonly driver: "outbox" | "sendgrid";
	send(message: MailMessage): Promise<{ messageId: string }>;
	/** Removes an address from the provider's own bounce list (the outbox has none). */
	clearBounce?(email: string): Promise<void>;
}

export interface ObjectStorage {
	readonly driver: "local" | "supabase";
	put(path: string, body: Buffer, contentType: string): Promise<void>;
	/** Stores a file from the local disk, streamed: for objects too large to hold in memory (export archives). */
	putFile(path: string, file: string, contentType: string): Promise<void>;
	get(path: string): Promise<Buffer | undefined>;
	remove(paths: string[]): Promise<void>;
	signedUrl(path: string, expiresInSeconds: number): Promise<string>;
}

/** Sends a live update; never rejects (best effort after the change committed: integrations/realtime/publisher.ts). */
export interface RealtimePublisher {
	/** stream: the service's own event streams only; pusher: Pusher Channels as well. */
	readonly driver: "stream" | "pusher";
	publish(channel: string, event: string, data: unknown): Promise<void>;
}

/** Live updates: publishing, signing Pusher subscriptions, this instance's event streams and their tickets. */
export interface Realtime extends RealtimePublisher {
	/** Signs a private channel subscription for pusher-js; undefined without Pusher. */
	authorizeChannel?(socketId: string, channel: string): { auth: string };
	readonly streams: StreamHub;
	readonly tickets: TicketStore;
}

export interface Infrastructure {
	readonly db: Sequelize;
	readonly databaseDriver: "postgres" | "embedded";
	readonly queue: JobQueue;
	readonly mail: MailSender;
	readonly storage: ObjectStorage;
	readonly realtime: Realtime;
	/** In-process, or Redis pub/sub with REDIS_URL: reaches every instance and worker (integrations/events). */
	readonly events: EventBus;
	/** Commit-time notices from the database (LISTEN/NOTIFY) for caches; never live on the embedded default. */
	readonly changes: ChangeFeed;
	/** The dry-run transport (records requests under dataDir); deploy code uses `openCloudClient`. */
	readonly openCloud: OpenCloudTransport;
	/** An Open Cloud client for one environment's key: live with a key, dry-run without (integrations/open-cloud/select.ts). */
	readonly openCloudClient: OpenCloudClientFactory;
	/** Throws when the database does not answer. */
	pingDatabase(): Promise<void>;
	/** Embedded database only: PGlite's dump of its data directory (a gzipped tar), for the backup job. */
	dumpEmbeddedDatabase?(): Promise<Blob>;
	/** Close everything in order: jobs, database, embedded Postgres, data-dir lock. */
	close(): Promise<void>;
}
