/**
 * Starts every infrastructure part the service needs, choosing each driver from the config: real
 * Postgres/Redis when their URLs are set, the embedded equivalents otherwise (see DESIGN.md, "Embedded
 * default vs production"). app.ts and main.ts see only the Infrastructure interface.
 */
import { NO_CHANGE_FEED, startChangeFeed } from "./db/change-feed";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "./config/config";
import { makePrivateDir } from "./config/private-files";
import { openDatabase, type Database } from "./db/database";
import { onceAsync } from "./db/once-async";
import type { Infrastructure, JobQueue, MailSender, ObjectStorage } from "./infrastructure.types";
import { createJobQueue } from "./jobs/create-queue";
import { observeDbPool } from "./observability/metrics";
import { createOutboxMailSender } from "./integrations/mail/outbox";
import { createSendGridMailSender } from "./integrations/mail/sendgrid";
import { createDryRunOpenCloud } from "./integrations/open-cloud/dry-run";
import { createLiveOpenCloud } from "./integrations/open-cloud/live";
import { OpenCloudRateLimiter } from "./integrations/open-cloud/rate-limit";
import { createOpenCloudClientFactory } from "./integrations/open-cloud/select";
import { RedisWindowStore } from "./integrations/open-cloud/window-store-redis";
import { createEventBus } from "./integrations/events/select-bus";
import { createRealtime } from "./integrations/realtime/create-realtime";
import { LocalObjectStorage } from "./integrations/storage/local";
import { SupabaseObjectStorage } from "./integrations/storage/supabase";

export class EmbeddedInProductionError extends Error {
	readonly code = "embedded_in_production";
	constructor(parts: string[]) {
		super(`NODE_ENV=production would run on embedded parts (${parts.join(", ")}). Set DATABASE_URL and REDIS_URL, or ALLOW_EMBEDDED=true to run embedded on purpose.`);
		this.name = "EmbeddedInProductionError";
	}
}

export interface InfrastructureOptions {
	/** Redis key prefix for BullMQ (default "toolboxai"): keeps test runs apart on a shared Redis. */
	readonly queuePrefix?: string;
}

export async function startInfrastructure(config: Config, logger: Logger, options: InfrastructureOptions = {}): Promise<Infrastructure> {
	refuseEmbeddedInProduction(config);
	// Whatever lands in the data dir (database, files, secrets, the dry-run log) is this user's alone.
	makePrivateDir(config.dataDir);
	const database = await openDatabase(config, logger.child({ component: "db" }));
	observeDbPool(database.db);
	let queue: JobQueue | undefined;
	let limitsRedis: Redis | undefined;
	try {
		const mail = createMailSender(config, database.db, logger);
		// The mail module defines mail.send (it renders templates and keeps each message's record).
		queue = createJobQueue({ db: database.db, logger, redisUrl: config.redisUrl, prefix: options.queuePrefix });
		await checkQueue(queue);
		const openCloud = createDryRunOpenCloud(config.dataDir);
		// With Redis (production, several instances) every instance spends from one Open Cloud budget per key owner.
		limitsRedis = config.redisUrl === undefined ? undefined : new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
		const limiter = new OpenCloudRateLimiter(
			limitsRedis === undefined ? {} : { store: new RedisWindowStore(limitsRedis, `${options.queuePrefix ?? "toolboxai"}:open-cloud-limits:`) },
		);
		const redisForLimits = limitsRedis;
		const prefix = options.queuePrefix ?? "toolboxai";
		const events = createEventBus({ redisUrl: config.redisUrl, prefix, logger });
		const realtime = createRealtime({ bus: events, pusher: config.pusher, redis: limitsRedis, prefix, logger });
		// One listening connection per instance on real Postgres; the embedded default's single session cannot listen.
		const changes =
			database.driver === "postgres" && config.databaseUrl !== undefined ? startChangeFeed(config.databaseUrl, logger.child({ component: "change-feed" })) : NO_CHANGE_FEED;
		const infrastructure: Infrastructure = {
			db: database.db,
			databaseDriver: database.driver,
			queue,
			mail,
			storage: createStorage(config),
			realtime,
			events,
			changes,
			openCloud,
			openCloudClient: createOpenCloudClientFactory({ baseUrl: config.robloxOpenCloudUrl ?? "https://apis.roblox.com", live: createLiveOpenCloud(), dryRun: openCloud, limiter }),
			pingDatabase: () => database.ping(),
			...(database.dumpEmbedded === undefined ? {} : { dumpEmbeddedDatabase: database.dumpEmbedded }),
			close: onceAsync(async () => {
				// Open streams end first: their clients reconnect to another instance and resume from their last event id.
				realtime.streams.close();
				await events.close();
				await changes.close();
				redisForLimits?.disconnect();
				await closeAll(queue, database, config.shutdownTimeoutMs, logger);
			}),
		};
		logDrivers(infrastructure, logger);
		if (config.nodeEnv === "production" && config.supabase === undefined) {
			// One instance with a kept volume works; several would not see each other's uploaded release files.
			logger.warn("release files are kept in DATA_DIR/storage on this instance only: set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY to share them between instances");
		}
		return infrastructure;
	} catch (error) {
		limitsRedis?.disconnect();
		await closeAll(queue, database, config.shutdownTimeoutMs, logger);
		throw error;
	}
}

/** SendGrid when its key is set (config/load-config.ts decides); otherwise the outbox table the dashboard shows. */
function createMailSender(config: Config, db: Database["db"], logger: Logger): MailSender {
	if (config.mail?.driver === "sendgrid" && config.mail.sendgrid !== undefined) return createSendGridMailSender(config.mail.sendgrid);
	// Outside production the outbox also prints each mail's links (the embedded default has no mail server).
	return createOutboxMailSender(db, config.nodeEnv === "production" ? {} : { printTo: logger.child({ component: "mail" }) });
}

/** Supabase Storage when SUPABASE_URL is set, the local folder under dataDir (the embedded default) otherwise. */
export function createStorage(config: Config): ObjectStorage {
	if (config.supabase !== undefined) return new SupabaseObjectStorage(config.supabase);
	return new LocalObjectStorage({ dataDir: config.dataDir, publicUrl: config.publicUrl });
}

/**
 * Production must not quietly run on a data dir or an in-memory queue (mail on the outbox is refused by loadConfig).
 * Realtime and Open Cloud have only local drivers so far, and storage without SUPABASE_URL keeps the local folder, so those are not checked yet.
 */
function refuseEmbeddedInProduction(config: Config): void {
	if (config.nodeEnv !== "production" || config.allowEmbedded) return;
	const embedded = [...(config.databaseUrl === undefined ? ["database (DATABASE_URL unset)"] : []), ...(config.redisUrl === undefined ? ["job queue (REDIS_URL unset)"] : [])];
	if (embedded.length > 0) throw new EmbeddedInProductionError(embedded);
}

/** Fail the start, not the first request, when Redis is unreachable (the URL may hold a password: not logged). */
async function checkQueue(queue: JobQueue): Promise<void> {
	try {
		await queue.ping();
	} catch (error) {
		throw new Error(`The job queue (${queue.driver}) does not answer: check REDIS_URL (${(error as Error).message})`, { cause: error });
	}
}

/** Jobs first (they use the database), then the database, embedded Postgres and the data-dir lock. */
async function closeAll(queue: JobQueue | undefined, database: Database, timeoutMs: number, logger: Logger): Promise<void> {
	try {
		await queue?.close(timeoutMs);
	} catch (error) {
		logger.error({ err: error }, "closing the job queue failed");
	} finally {
		await database.close();
	}
}

function logDrivers(infrastructure: Infrastructure, logger: Logger): void {
	logger.info(
		{
			database: infrastructure.databaseDriver,
			queue: infrastructure.queue.driver,
			mail: infrastructure.mail.driver,
			storage: infrastructure.storage.driver,
			realtime: infrastructure.realtime.driver,
			openCloud: infrastructure.openCloud.driver,
		},
		"infrastructure drivers",
	);
}
