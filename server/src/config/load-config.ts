import path from "node:path";
import { z } from "zod";
import { BACKUP_SETTINGS, backupSettings } from "./backup-settings";
import type { BillingSettings, Config, MailSettings } from "./config";
import { ConfigError, type SettingProblem } from "./config-error";
import { embeddedParts } from "./embedded-parts";
import { PUSHER_SETTINGS, pusherSettings } from "./pusher-settings";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const NODE_ENVS = ["development", "test", "production"] as const;
const ROLES = ["all", "web", "worker"] as const;

/** Docker env files and CI often set a variable to "" to mean "not set". */
function unsetWhenBlank(value: unknown): unknown {
	return typeof value === "string" && value.trim() === "" ? undefined : value;
}

function wholeNumber(min: number, max: number) {
	return z
		.string()
		.regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
		.transform(Number)
		.refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);
}

function urlWithScheme(schemes: ReadonlyArray<string>, example: string) {
	const expected = `must be a URL starting with ${schemes.map((s) => `${s}//`).join(" or ")} (e.g. ${example})`;
	return z.string().refine((text) => {
		try {
			return schemes.includes(new URL(text).protocol);
		} catch {
			return false;
		}
	}, expected);
}

/** A key given as base64 that must decode to exactly `bytes` bytes (e.g. `openssl rand -base64 32`). */
function base64Key(bytes: number) {
	const expected = `must be ${bytes} random bytes in base64 (e.g. the output of \`openssl rand -base64 ${bytes}\`)`;
	return z
		.string()
		.trim()
		.refine((text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, "base64").length === bytes, expected)
		.transform((text) => Buffer.from(text, "base64"));
}

const flag = z.enum(["true", "false", "1", "0"], { error: 'must be "true" or "false"' }).transform((v) => v === "true" || v === "1");

/**
 * One entry per environment variable. `secret` settings are never echoed back in error messages
 * (DATABASE_URL and REDIS_URL usually carry a password).
 */
const SETTINGS = {
	NODE_ENV: { schema: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(", ")}` }).default("development"), secret: false },
	PORT: { schema: wholeNumber(0, 65535).default(8080), secret: false },
	HOST: { schema: z.string().default("0.0.0.0"), secret: false },
	PUBLIC_URL: { schema: urlWithScheme(["http:", "https:"], "https://toolbox.example.org").optional(), secret: false },
	DATA_DIR: { schema: z.string().default("./.data"), secret: false },
	DATABASE_URL: { schema: urlWithScheme(["postgres:", "postgresql:"], "postgres://user:password@db:5432/toolboxai").optional(), secret: true },
	MIGRATION_DATABASE_URL: {
		schema: urlWithScheme(["postgres:", "postgresql:"], "postgres://owner:password@db:5432/toolboxai").optional(),
		secret: true,
	},
	REDIS_URL: { schema: urlWithScheme(["redis:", "rediss:"], "redis://redis:6379").optional(), secret: true },
	ROLE: { schema: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }).default("all"), secret: false },
	LOG_LEVEL: { schema: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"), secret: false },
	ALLOW_EMBEDDED: { schema: flag.default(false), secret: false },
	SHUTDOWN_TIMEOUT_MS: { schema: wholeNumber(0, 600_000).default(10_000), secret: false },
	MAX_BODY_BYTES: { schema: wholeNumber(1, 100 * 1024 * 1024).default(1024 * 1024), secret: false },
	SHED_EVENT_LOOP_DELAY_MS: { schema: wholeNumber(0, 60_000).optional(), secret: false },
	SHED_DB_WAITING: { schema: wholeNumber(0, 1_000_000).optional(), secret: false },
	SECRETS_KEY: { schema: base64Key(32).optional(), secret: true },
	TRUST_PROXY: { schema: wholeNumber(0, 10).default(0), secret: false },
	ROBLOX_OPEN_CLOUD_URL: { schema: urlWithScheme(["http:", "https:"], "https://apis.roblox.com").default("https://apis.roblox.com"), secret: false },
	SUPABASE_URL: { schema: urlWithScheme(["http:", "https:"], "https://abcd.supabase.co").optional(), secret: false },
	SUPABASE_SERVICE_ROLE_KEY: { schema: z.string().trim().min(1).optional(), secret: true },
	MAIL_DRIVER: { schema: z.enum(["outbox", "sendgrid"], { error: "must be outbox or sendgrid" }).optional(), secret: false },
	SENDGRID_API_KEY: { schema: z.string().trim().min(1).optional(), secret: true },
	MAIL_FROM: { schema: z.string().trim().min(3).max(320).optional(), secret: false },
	SENDGRID_REGION: { schema: z.enum(["global", "eu"], { error: "must be global or eu" }).default("global"), secret: false },
	SENDGRID_SANDBOX: { schema: flag.default(false), secret: false },
	SENDGRID_API_URL: { schema: urlWithScheme(["http:", "https:"], "https://api.sendgrid.com").optional(), secret: false },
	SENDGRID_WEBHOOK_PUBLIC_KEY: { schema: z.string().trim().min(40).max(4000).optional(), secret: false },
	// Supabase's bucket id rules: lower-case letters, digits, dot, dash, underscore.
	SUPABASE_STORAGE_BUCKET: {
		schema: z
			.string()
			.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "must be a bucket name of a-z, 0-9, '.', '-' and '_' (e.g. toolboxai)")
			.default("toolboxai"),
		secret: false,
	},
	...PUSHER_SETTINGS,
	STRIPE_SECRET_KEY: {
		schema: z
			.string()
			.trim()
			.regex(/^(sk|rk)_(test|live)_\S+$/, "must be a Stripe secret key (sk_live_…, sk_test_… or a restricted rk_…)")
			.optional(),
		secret: true,
	},
	STRIPE_WEBHOOK_SECRET: {
		schema: z
			.string()
			.transform((text) =>
				text
					.split(",")
					.map((part) => part.trim())
					.filter((part) => part !== ""),
			)
			.refine(
				(parts) => parts.length >= 1 && parts.length <= 2 && parts.every((part) => /^whsec_\S+$/.test(part)),
				"must be one or two webhook signing secrets (whsec_…), comma-separated",
			)
			.optional(),
		secret: true,
	},
	STRIPE_PRICE_ID: {
		schema: z
			.string()
			.trim()
			.regex(/^price_\w+$/, "must be a Stripe price id (price_…)")
			.optional(),
		secret: false,
	},
	STRIPE_API_URL: { schema: urlWithScheme(["http:", "https:"], "http://localhost:12111").optional(), secret: false },
	BILLING_TRIAL_DAYS: { schema: wholeNumber(0, 730).default(30), secret: false },
	BILLING_TRIAL_SEATS: { schema: wholeNumber(0, 1_000_000).default(100), secret: false },
	// 0 picks a free port (tests), as PORT=0 does.
	METRICS_PORT: { schema: wholeNumber(0, 65535).optional(), secret: false },
	METRICS_HOST: { schema: z.string().trim().min(1).default("127.0.0.1"), secret: false },
	// Long enough that guessing it is hopeless (e.g. `openssl rand -hex 32`).
	// Read by the tracing setup before anything else loads (tracing-setup.ts); checked here so a typo stops the start.
	OTEL_EXPORTER_OTLP_ENDPOINT: { schema: urlWithScheme(["http:", "https:"], "http://otel-collector:4318").optional(), secret: false },
	METRICS_TOKEN: { schema: z.string().trim().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(), secret: true },
	...BACKUP_SETTINGS,
} as const;

type SettingName = keyof typeof SETTINGS;
type Settings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]["schema"]> };

/** Each setting read on its own: the values that parsed, and one problem per setting that did not. */
function readSettings(env: NodeJS.ProcessEnv): { settings: Partial<Settings>; problems: SettingProblem[] } {
	const values: Partial<Record<SettingName, unknown>> = {};
	const problems: SettingProblem[] = [];
	for (const name of Object.keys(SETTINGS) as SettingName[]) {
		const { schema, secret } = SETTINGS[name];
		const raw = unsetWhenBlank(env[name]);
		const result = schema.safeParse(raw);
		if (result.success) {
			values[name] = result.data;
			continue;
		}
		const message = result.error.issues[0]?.message ?? "is invalid";
		problems.push({ setting: name, problem: secret || typeof raw !== "string" ? message : `${message} (got ${JSON.stringify(raw)})` });
	}
	return { settings: values as Partial<Settings>, problems };
}

/**
 * What the rules between settings read: a setting that is itself malformed counts as given (it is already named once,
 * so a rule about it says nothing more). Every rule adds to the one list, so the operator fixes everything in one go.
 */
interface SettingsView {
	readonly settings: Partial<Settings>;
	readonly given: (name: SettingName) => boolean;
	readonly production: boolean;
	readonly allowEmbedded: boolean;
}

function settingsView(settings: Partial<Settings>, malformed: ReadonlySet<string>): SettingsView {
	return {
		settings,
		given: (name) => settings[name] !== undefined || malformed.has(name),
		production: settings.NODE_ENV === "production",
		allowEmbedded: settings.ALLOW_EMBEDDED === true || malformed.has("ALLOW_EMBEDDED"),
	};
}

function crossSettingProblems({ given, production, allowEmbedded }: SettingsView, dataDir: string): SettingProblem[] {
	const problems: SettingProblem[] = [];
	if (production && !given("PUBLIC_URL")) {
		// localhost is a fine default on a laptop and always wrong behind a load balancer (links in emails, OAuth).
		problems.push({ setting: "PUBLIC_URL", problem: "is required when NODE_ENV=production (e.g. https://toolbox.example.org)" });
	}
	if (given("MIGRATION_DATABASE_URL") && !given("DATABASE_URL")) {
		problems.push({ setting: "MIGRATION_DATABASE_URL", problem: "needs DATABASE_URL too (it only replaces the role that runs the migrations)" });
	}
	// Half a Supabase setting would quietly keep files on local disk: say which half is missing.
	if (given("SUPABASE_SERVICE_ROLE_KEY") && !given("SUPABASE_URL")) {
		problems.push({ setting: "SUPABASE_URL", problem: "is required when SUPABASE_SERVICE_ROLE_KEY is set (e.g. https://abcd.supabase.co)" });
	}
	if (given("SUPABASE_URL") && !given("SUPABASE_SERVICE_ROLE_KEY")) {
		problems.push({ setting: "SUPABASE_SERVICE_ROLE_KEY", problem: "is required when SUPABASE_URL is set (the project's service_role key)" });
	}
	if (production && !allowEmbedded) {
		const embedded = embeddedParts({ databaseUrl: given("DATABASE_URL") ? "given" : undefined, redisUrl: given("REDIS_URL") ? "given" : undefined, dataDir });
		for (const part of embedded) {
			problems.push({ setting: part.setting, problem: `is not set, so ${part.name} would be ${part.description} (${EMBEDDED_REFUSED})` });
		}
		if (!given("SECRETS_KEY")) {
			// A key file on local disk differs per instance and leaves with the container: production brings its own key
			// (ALLOW_EMBEDDED=true runs one instance on local parts on purpose, and the key file is one of them).
			problems.push({ setting: "SECRETS_KEY", problem: "is required when NODE_ENV=production (32 random bytes in base64: `openssl rand -base64 32`)" });
		}
	}
	return problems;
}

const EMBEDDED_REFUSED = "NODE_ENV=production refuses embedded parts: set it, or set ALLOW_EMBEDDED=true to run on embedded parts anyway";

/**
 * Reads and validates every setting once, at start. Throws one ConfigError naming every missing or malformed
 * setting and every broken rule between settings (production refuses embedded parts unless ALLOW_EMBEDDED=true).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
	const { settings: parsed, problems } = readSettings(env);
	const dataDir = path.resolve(cwd, parsed.DATA_DIR ?? "./.data");
	const view = settingsView(parsed, new Set(problems.map((p) => p.setting)));
	problems.push(...crossSettingProblems(view, dataDir));
	const pusher = pusherSettings(parsed);
	const backup = backupSettings(parsed, view.given, cwd);
	problems.push(...pusher.problems, ...billingProblems(view), ...mailProblems(view), ...backup.problems);
	// Production already names a missing REDIS_URL or DATABASE_URL as an embedded part: each setting once.
	const named = new Set(problems.map((problem) => problem.setting));
	problems.push(...roleProblems(view).filter((problem) => !named.has(problem.setting)));
	if (parsed.METRICS_PORT !== undefined && parsed.METRICS_PORT !== 0 && parsed.METRICS_PORT === parsed.PORT) {
		problems.push({ setting: "METRICS_PORT", problem: `must differ from PORT (${parsed.PORT}): the metrics listener is a port of its own` });
	}
	if (problems.length > 0) throw new ConfigError(problems);
	const settings = parsed as Settings;
	const billing = billingSettings(settings);
	return Object.freeze({
		nodeEnv: settings.NODE_ENV,
		port: settings.PORT,
		host: settings.HOST,
		publicUrl: (settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/+$/, ""),
		dataDir,
		databaseUrl: settings.DATABASE_URL,
		...(settings.MIGRATION_DATABASE_URL === undefined ? {} : { migrationDatabaseUrl: settings.MIGRATION_DATABASE_URL }),
		redisUrl: settings.REDIS_URL,
		role: settings.ROLE,
		logLevel: settings.LOG_LEVEL,
		allowEmbedded: settings.ALLOW_EMBEDDED,
		shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
		maxBodyBytes: settings.MAX_BODY_BYTES,
		...overloadSettings(settings),
		trustProxyHops: settings.TRUST_PROXY,
		robloxOpenCloudUrl: settings.ROBLOX_OPEN_CLOUD_URL.replace(/\/+$/, ""),
		...(settings.SECRETS_KEY === undefined ? {} : { secretsKey: settings.SECRETS_KEY }),
		...(settings.SUPABASE_URL === undefined || settings.SUPABASE_SERVICE_ROLE_KEY === undefined
			? {}
			: { supabase: { url: settings.SUPABASE_URL.replace(/\/+$/, ""), serviceRoleKey: settings.SUPABASE_SERVICE_ROLE_KEY, bucket: settings.SUPABASE_STORAGE_BUCKET } }),
		...(pusher.settings === undefined ? {} : { pusher: pusher.settings }),
		...(billing === undefined ? {} : { billing }),
		mail: mailSettings(settings),
		...(settings.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? {} : { tracing: { endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT } }),
		...(settings.METRICS_PORT === undefined && settings.METRICS_TOKEN === undefined
			? {}
			: {
					metrics: {
						host: settings.METRICS_HOST,
						...(settings.METRICS_PORT === undefined ? {} : { port: settings.METRICS_PORT }),
						...(settings.METRICS_TOKEN === undefined ? {} : { token: settings.METRICS_TOKEN }),
					},
				}),
		...(backup.settings === undefined ? {} : { backup: backup.settings }),
	});
}

/** Shedding load is on in production (0 turns a signal off) and off elsewhere unless a limit is given. */
const PRODUCTION_SHED_EVENT_LOOP_DELAY_MS = 150;
const PRODUCTION_SHED_DB_WAITING = 100;

function overloadSettings(settings: Settings): { overload?: Config["overload"] } {
	const production = settings.NODE_ENV === "production";
	const maxEventLoopDelayMs = settings.SHED_EVENT_LOOP_DELAY_MS ?? (production ? PRODUCTION_SHED_EVENT_LOOP_DELAY_MS : 0);
	const maxDbWaiting = settings.SHED_DB_WAITING ?? (production ? PRODUCTION_SHED_DB_WAITING : 0);
	return maxEventLoopDelayMs === 0 && maxDbWaiting === 0 ? {} : { overload: { maxEventLoopDelayMs, maxDbWaiting } };
}

/**
 * A split process (web or worker) shares its work with the others: jobs through Redis, data through one Postgres.
 * The in-process queue and the embedded database belong to one process, so a split role without them would
 * quietly run jobs nowhere (web) or on data no web process sees (worker).
 */
function roleProblems({ settings, given }: SettingsView): SettingProblem[] {
	const role = settings.ROLE;
	if (role !== "web" && role !== "worker") return [];
	const problems: SettingProblem[] = [];
	if (!given("REDIS_URL")) {
		problems.push({
			setting: "REDIS_URL",
			problem: `is required when ROLE=${role} (web and worker processes hand jobs to each other through Redis; leave ROLE unset to run everything in one process)`,
		});
	}
	if (!given("DATABASE_URL")) {
		problems.push({ setting: "DATABASE_URL", problem: `is required when ROLE=${role} (the embedded database belongs to one process; web and workers share one Postgres)` });
	}
	return problems;
}

/**
 * Billing is on exactly when STRIPE_SECRET_KEY is set. Production with a key must also verify webhooks (without
 * a secret, every state change Stripe reports would be refused) and must know the price Checkout sells.
 */
function billingProblems({ given, production }: SettingsView): SettingProblem[] {
	if (!production || !given("STRIPE_SECRET_KEY")) return [];
	const problems: SettingProblem[] = [];
	if (!given("STRIPE_WEBHOOK_SECRET")) {
		problems.push({ setting: "STRIPE_WEBHOOK_SECRET", problem: "is required when STRIPE_SECRET_KEY is set and NODE_ENV=production (the endpoint's signing secret, whsec_…)" });
	}
	if (!given("STRIPE_PRICE_ID")) {
		problems.push({ setting: "STRIPE_PRICE_ID", problem: "is required when STRIPE_SECRET_KEY is set and NODE_ENV=production (the per-seat recurring price, price_…)" });
	}
	return problems;
}

function billingSettings(settings: Settings): BillingSettings | undefined {
	const key = settings.STRIPE_SECRET_KEY;
	if (key === undefined) return undefined;
	const api = settings.STRIPE_API_URL === undefined ? undefined : new URL(settings.STRIPE_API_URL);
	return {
		secretKey: key,
		webhookSecrets: settings.STRIPE_WEBHOOK_SECRET ?? [],
		...(settings.STRIPE_PRICE_ID === undefined ? {} : { priceId: settings.STRIPE_PRICE_ID }),
		trialDays: settings.BILLING_TRIAL_DAYS,
		trialSeats: settings.BILLING_TRIAL_SEATS,
		...(api === undefined
			? {}
			: {
					api: {
						protocol: api.protocol === "https:" ? "https" : "http",
						host: api.hostname.replace(/^\[|\]$/g, ""),
						port: api.port === "" ? (api.protocol === "https:" ? 443 : 80) : Number(api.port),
					},
				}),
	};
}

/**
 * A key without a sender is refused, and production refuses the outbox unless MAIL_DRIVER=outbox (or ALLOW_EMBEDDED)
 * says so: a school must not silently lose its password resets to a table nobody reads.
 */
function mailProblems({ settings, given, production, allowEmbedded }: SettingsView): SettingProblem[] {
	const problems: SettingProblem[] = [];
	if (settings.MAIL_DRIVER === "sendgrid" && !given("SENDGRID_API_KEY")) {
		problems.push({ setting: "SENDGRID_API_KEY", problem: "is required when MAIL_DRIVER=sendgrid" });
	}
	const sendgrid = given("SENDGRID_API_KEY") && settings.MAIL_DRIVER !== "outbox";
	if (sendgrid && !given("MAIL_FROM")) {
		problems.push({ setting: "MAIL_FROM", problem: "is required when SENDGRID_API_KEY is set (a sender SendGrid has verified, e.g. ToolBoxAI <no-reply@school.example>)" });
	}
	if (production && !given("SENDGRID_API_KEY") && settings.MAIL_DRIVER !== "outbox" && !allowEmbedded) {
		problems.push({
			setting: "SENDGRID_API_KEY",
			problem: "is required when NODE_ENV=production (with MAIL_FROM), or set MAIL_DRIVER=outbox to keep mail in the database on purpose",
		});
	}
	return problems;
}

/** SendGrid when its key is set (MAIL_DRIVER=outbox keeps the outbox anyway). */
function mailSettings(settings: Settings): MailSettings {
	const webhook = settings.SENDGRID_WEBHOOK_PUBLIC_KEY === undefined ? {} : { webhookPublicKey: settings.SENDGRID_WEBHOOK_PUBLIC_KEY };
	if (settings.SENDGRID_API_KEY === undefined || settings.MAIL_FROM === undefined || settings.MAIL_DRIVER === "outbox") return { driver: "outbox", ...webhook };
	return {
		driver: "sendgrid",
		sendgrid: {
			apiKey: settings.SENDGRID_API_KEY,
			from: settings.MAIL_FROM,
			region: settings.SENDGRID_REGION,
			sandbox: settings.SENDGRID_SANDBOX,
			...(settings.SENDGRID_API_URL === undefined ? {} : { baseUrl: settings.SENDGRID_API_URL.replace(/\/+$/, "") }),
		},
		...webhook,
	};
}
