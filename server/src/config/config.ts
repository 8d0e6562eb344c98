/**
 * Settings, read once at start from the environment and validated (see load-config.ts; the shape below
 * is what infrastructure code may rely on).
 */
export interface Config {
	readonly nodeEnv: "development" | "test" | "production";
	readonly port: number;
	readonly host: string;
	/** Where clients reach this service, without a trailing slash (e.g. http://localhost:8080). */
	readonly publicUrl: string;
	/** Absolute path; holds the embedded database, local files and the mail outbox. */
	readonly dataDir: string;
	/** Unset = embedded Postgres (PGlite) under dataDir. */
	readonly databaseUrl?: string;
	/**
	 * The table owner's URL, for migrations only (MIGRATION_DATABASE_URL). Production runs the service as a role that
	 * owns no table (so row-level security binds it and it cannot alter the schema); that role cannot migrate.
	 */
	readonly migrationDatabaseUrl?: string;
	/** Unset = in-process job runner. */
	readonly redisUrl?: string;
	/**
	 * What this process runs (ROLE): `all` (default) serves HTTP and runs jobs and schedules; `web` serves HTTP only
	 * (jobs it enqueues go to Redis); `worker` runs jobs and schedules only. Unset in a hand-built Config means `all`.
	 */
	readonly role?: ProcessRole;
	readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
	/** NODE_ENV=production refuses embedded parts unless this is true (ALLOW_EMBEDDED=true). */
	readonly allowEmbedded: boolean;
	readonly shutdownTimeoutMs: number;
	readonly maxBodyBytes: number;
	/**
	 * Past these the instance answers API requests 503 with Retry-After instead of queueing them (http/shed-load.ts):
	 * event-loop delay (SHED_EVENT_LOOP_DELAY_MS) and requests waiting for a database connection (SHED_DB_WAITING);
	 * 0 turns one off. On in production by default, off elsewhere.
	 */
	readonly overload?: { readonly maxEventLoopDelayMs: number; readonly maxDbWaiting: number };
	/**
	 * Master key (32 bytes) that encrypts secrets at rest, e.g. the private signing keys (SECRETS_KEY, base64).
	 * Required in production; unset elsewhere = a key file created once under dataDir/secrets.
	 */
	readonly secretsKey?: Buffer;
	/** Proxies in front of the service whose X-Forwarded-For is trusted (TRUST_PROXY, hops); 0 = none. Per-IP limits use it. */
	readonly trustProxyHops?: number;
	/**
	 * Roblox Open Cloud base URL, without a trailing slash (ROBLOX_OPEN_CLOUD_URL; tests point it at a local fake).
	 * loadConfig always sets it; unset in a hand-built Config means https://apis.roblox.com.
	 */
	readonly robloxOpenCloudUrl?: string;
	/** Supabase Storage for files (SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY); unset = the local folder under dataDir. */
	readonly supabase?: SupabaseSettings;
	/** Pusher Channels (PUSHER_*); unset = live updates only through the service's own event stream. */
	readonly pusher?: PusherSettings;
	/** Stripe billing (STRIPE_SECRET_KEY and friends); unset = billing is off and every school is unrestricted. */
	readonly billing?: BillingSettings;
	/** How mail leaves (loadConfig always sets it; unset in a hand-built Config means the outbox). */
	readonly mail?: MailSettings;
	/** OpenTelemetry traces go over OTLP/HTTP to this endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); unset = no tracing at all. */
	readonly tracing?: { readonly endpoint: string };
	/** Prometheus metrics; unset = not exposed at all. */
	readonly metrics?: MetricsSettings;
	/** Encrypted backups (BACKUP_KEY and friends: config/backup-settings.ts); unset = no backups can be taken. */
	readonly backup?: BackupSettings;
}

export interface BackupSettings {
	/** BACKUP_KEY: the first encrypts new backups; every one decrypts (an older key stays while its backups are kept). */
	readonly keys: ReadonlyArray<Buffer>;
	/** BACKUP_SCHEDULE=daily: the service takes one a day, then checks that the newest restores. */
	readonly schedule: "off" | "daily";
	/** BACKUP_DIR (absolute): a folder of its own for backups; unset = the storage driver (Supabase, or DATA_DIR/backups). */
	readonly dir?: string;
	/** BACKUP_DATABASE_URL: the role pg_dump/pg_restore use; unset = MIGRATION_DATABASE_URL, else DATABASE_URL. */
	readonly databaseUrl?: string;
	/** BACKUP_PG_BIN_DIR: where pg_dump and pg_restore are; unset = Debian's folder for the server's major, else PATH. */
	readonly pgBinDir?: string;
}

export type ProcessRole = "all" | "web" | "worker";

export interface PusherSettings {
	readonly appId: string;
	readonly key: string;
	readonly secret: string;
	/** Pusher's cluster (e.g. eu), or host (+port) of a Pusher-compatible server. */
	readonly cluster?: string;
	readonly host?: string;
	readonly port?: number;
	/** PUSHER_USE_TLS (default true); false for a compatible server on plain HTTP. */
	readonly useTLS: boolean;
}

export interface BillingSettings {
	readonly secretKey: string;
	/** Endpoint secrets (whsec_…) a webhook may be signed with: two during a rotation (STRIPE_WEBHOOK_SECRET, comma-separated). */
	readonly webhookSecrets: ReadonlyArray<string>;
	/** The recurring per-seat price (STRIPE_PRICE_ID); Checkout needs it. */
	readonly priceId?: string;
	/** The app's own trial for a school without a subscription (BILLING_TRIAL_DAYS, BILLING_TRIAL_SEATS). */
	readonly trialDays: number;
	readonly trialSeats: number;
	/** Where the SDK sends its calls instead of api.stripe.com (STRIPE_API_URL): stripe-mock or a fake in tests. */
	readonly api?: { readonly protocol: "http" | "https"; readonly host: string; readonly port: number };
}

export interface MailSettings {
	/** SendGrid when SENDGRID_API_KEY is set (unless MAIL_DRIVER=outbox); the embedded outbox otherwise. */
	readonly driver: "outbox" | "sendgrid";
	readonly sendgrid?: {
		readonly apiKey: string;
		/** MAIL_FROM: `Name <address>` or an address SendGrid has verified. */
		readonly from: string;
		/** SENDGRID_REGION=eu: api.eu.sendgrid.com. */
		readonly region: "global" | "eu";
		/** SENDGRID_SANDBOX=true: SendGrid checks each request and delivers nothing. */
		readonly sandbox: boolean;
		/** SENDGRID_API_URL: another address for the API (tests point it at a local fake). */
		readonly baseUrl?: string;
	};
	/** SENDGRID_WEBHOOK_PUBLIC_KEY (base64 DER or PEM): unset = the event webhook refuses every call. */
	readonly webhookPublicKey?: string;
}

/**
 * Where the metrics are served. Never public by accident: the main port serves /metrics only with `token`; the
 * separate `port` listens on `host` (127.0.0.1 unless METRICS_HOST says otherwise) and asks for `token` too when set.
 */
export interface MetricsSettings {
	/** METRICS_PORT: a listener of its own serving only GET /metrics. */
	readonly port?: number;
	/** METRICS_HOST, default 127.0.0.1 (set 0.0.0.0 to let a scraper on another host in). */
	readonly host: string;
	/** METRICS_TOKEN: /metrics on the main port behind `Authorization: Bearer <token>`. */
	readonly token?: string;
}

export interface SupabaseSettings {
	/** The project URL without a trailing slash, e.g. https://abcd.supabase.co. */
	readonly url: string;
	readonly serviceRoleKey: string;
	/** A private bucket (SUPABASE_STORAGE_BUCKET, default "toolboxai"). */
	readonly bucket: string;
}
