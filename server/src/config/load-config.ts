import path from "node:path";
import { z } from "zod";
import type { Config } from "./config";
import { ConfigError, type SettingProblem } from "./config-error";
import { embeddedParts } from "./embedded-parts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const NODE_ENVS = ["development", "test", "production"] as const;

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
	LOG_LEVEL: { schema: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"), secret: false },
	ALLOW_EMBEDDED: { schema: flag.default(false), secret: false },
	SHUTDOWN_TIMEOUT_MS: { schema: wholeNumber(0, 600_000).default(10_000), secret: false },
	MAX_BODY_BYTES: { schema: wholeNumber(1, 100 * 1024 * 1024).default(1024 * 1024), secret: false },
	SECRETS_KEY: { schema: base64Key(32).optional(), secret: true },
	TRUST_PROXY: { schema: wholeNumber(0, 10).default(0), secret: false },
	ROBLOX_OPEN_CLOUD_URL: { schema: urlWithScheme(["http:", "https:"], "https://apis.roblox.com").default("https://apis.roblox.com"), secret: false },
	SUPABASE_URL: { schema: urlWithScheme(["http:", "https:"], "https://abcd.supabase.co").optional(), secret: false },
	SUPABASE_SERVICE_ROLE_KEY: { schema: z.string().trim().min(1).optional(), secret: true },
	// Supabase's bucket id rules: lower-case letters, digits, dot, dash, underscore.
	SUPABASE_STORAGE_BUCKET: {
		schema: z
			.string()
			.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "must be a bucket name of a-z, 0-9, '.', '-' and '_' (e.g. toolboxai)")
			.default("toolboxai"),
		secret: false,
	},
	// 0 picks a free port (tests), as PORT=0 does.
	METRICS_PORT: { schema: wholeNumber(0, 65535).optional(), secret: false },
	METRICS_HOST: { schema: z.string().trim().min(1).default("127.0.0.1"), secret: false },
	// Long enough that guessing it is hopeless (e.g. `openssl rand -hex 32`).
	METRICS_TOKEN: { schema: z.string().trim().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(), secret: true },
} as const;

type SettingName = keyof typeof SETTINGS;
type Settings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]["schema"]> };

function readSettings(env: NodeJS.ProcessEnv): Settings {
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
	if (problems.length > 0) throw new ConfigError(problems);
	return values as Settings;
}

/**
 * Reads and validates every setting once, at start. Throws ConfigError naming each missing or malformed
 * setting, and refuses production on embedded parts unless ALLOW_EMBEDDED=true says so.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
	const settings = readSettings(env);
	const production = settings.NODE_ENV === "production";
	if (production && settings.PUBLIC_URL === undefined) {
		// localhost is a fine default on a laptop and always wrong behind a load balancer (links in emails, OAuth).
		throw new ConfigError([{ setting: "PUBLIC_URL", problem: "is required when NODE_ENV=production (e.g. https://toolbox.example.org)" }]);
	}
	if (settings.MIGRATION_DATABASE_URL !== undefined && settings.DATABASE_URL === undefined) {
		throw new ConfigError([{ setting: "MIGRATION_DATABASE_URL", problem: "needs DATABASE_URL too (it only replaces the role that runs the migrations)" }]);
	}
	if ((settings.SUPABASE_URL === undefined) !== (settings.SUPABASE_SERVICE_ROLE_KEY === undefined)) {
		// Half a Supabase setting would quietly keep files on local disk: say which half is missing.
		throw new ConfigError([
			settings.SUPABASE_URL === undefined
				? { setting: "SUPABASE_URL", problem: "is required when SUPABASE_SERVICE_ROLE_KEY is set (e.g. https://abcd.supabase.co)" }
				: { setting: "SUPABASE_SERVICE_ROLE_KEY", problem: "is required when SUPABASE_URL is set (the project's service_role key)" },
		]);
	}
	if (settings.METRICS_PORT !== undefined && settings.METRICS_PORT !== 0 && settings.METRICS_PORT === settings.PORT) {
		throw new ConfigError([{ setting: "METRICS_PORT", problem: `must differ from PORT (${settings.PORT}): the metrics listener is a port of its own` }]);
	}
	const config: Config = Object.freeze({
		nodeEnv: settings.NODE_ENV,
		port: settings.PORT,
		host: settings.HOST,
		publicUrl: (settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/+$/, ""),
		dataDir: path.resolve(cwd, settings.DATA_DIR),
		databaseUrl: settings.DATABASE_URL,
		...(settings.MIGRATION_DATABASE_URL === undefined ? {} : { migrationDatabaseUrl: settings.MIGRATION_DATABASE_URL }),
		redisUrl: settings.REDIS_URL,
		logLevel: settings.LOG_LEVEL,
		allowEmbedded: settings.ALLOW_EMBEDDED,
		shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
		maxBodyBytes: settings.MAX_BODY_BYTES,
		trustProxyHops: settings.TRUST_PROXY,
		robloxOpenCloudUrl: settings.ROBLOX_OPEN_CLOUD_URL.replace(/\/+$/, ""),
		...(settings.SECRETS_KEY === undefined ? {} : { secretsKey: settings.SECRETS_KEY }),
		...(settings.SUPABASE_URL === undefined || settings.SUPABASE_SERVICE_ROLE_KEY === undefined
			? {}
			: { supabase: { url: settings.SUPABASE_URL.replace(/\/+$/, ""), serviceRoleKey: settings.SUPABASE_SERVICE_ROLE_KEY, bucket: settings.SUPABASE_STORAGE_BUCKET } }),
		...(settings.METRICS_PORT === undefined && settings.METRICS_TOKEN === undefined
			? {}
			: {
					metrics: {
						host: settings.METRICS_HOST,
						...(settings.METRICS_PORT === undefined ? {} : { port: settings.METRICS_PORT }),
						...(settings.METRICS_TOKEN === undefined ? {} : { token: settings.METRICS_TOKEN }),
					},
				}),
	});
	const embedded = embeddedParts(config);
	if (production && embedded.length > 0 && !config.allowEmbedded) {
		throw new ConfigError(
			embedded.map((part) => ({ setting: part.setting, problem: `is not set, so ${part.name} would be ${part.description}` })),
			"Cannot start: NODE_ENV=production refuses embedded parts. Set the settings below, or set ALLOW_EMBEDDED=true to run on embedded parts anyway.",
		);
	}
	if (production && config.secretsKey === undefined && !config.allowEmbedded) {
		// A key file on local disk differs per instance and leaves with the container: production brings its own key
		// (ALLOW_EMBEDDED=true runs one instance on local parts on purpose, and the key file is one of them).
		throw new ConfigError([{ setting: "SECRETS_KEY", problem: "is required when NODE_ENV=production (32 random bytes in base64: `openssl rand -base64 32`)" }]);
	}
	return config;
}
