import path from "node:path";
import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";

function problemsOf(env: NodeJS.ProcessEnv): string {
	try {
		loadConfig(env, "/srv/app");
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as ConfigError).message;
	}
	throw new Error("loadConfig accepted the settings");
}

describe("loadConfig", () => {
	it("gives every setting its default on an empty environment", () => {
		const config = loadConfig({}, "/srv/app");
		expect(config).toEqual({
			nodeEnv: "development",
			port: 8080,
			host: "0.0.0.0",
			publicUrl: "http://localhost:8080",
			dataDir: path.resolve("/srv/app", ".data"),
			databaseUrl: undefined,
			redisUrl: undefined,
			role: "all",
			logLevel: "info",
			allowEmbedded: false,
			shutdownTimeoutMs: 10_000,
			maxBodyBytes: 1024 * 1024,
			trustProxyHops: 0,
			robloxOpenCloudUrl: "https://apis.roblox.com",
			mail: { driver: "outbox" },
		});
	});

	it("reads every setting it is given", () => {
		const config = loadConfig(
			{
				NODE_ENV: "production",
				PORT: "9000",
				HOST: "127.0.0.1",
				PUBLIC_URL: "https://toolbox.example.org/",
				DATA_DIR: "/var/lib/toolbox",
				DATABASE_URL: "postgres://u:p@db:5432/toolbox",
				REDIS_URL: "redis://redis:6379",
				LOG_LEVEL: "warn",
				ALLOW_EMBEDDED: "false",
				SHUTDOWN_TIMEOUT_MS: "2500",
				MAX_BODY_BYTES: "2048",
				SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
				TRUST_PROXY: "1",
				ROBLOX_OPEN_CLOUD_URL: "http://127.0.0.1:9999/",
				SENDGRID_API_KEY: "SG.key",
				MAIL_FROM: "ToolBoxAI <no-reply@toolbox.example.org>",
				SENDGRID_REGION: "eu",
				SENDGRID_SANDBOX: "true",
				SENDGRID_API_URL: "http://127.0.0.1:9998/",
				SENDGRID_WEBHOOK_PUBLIC_KEY: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-example-key-text",
			},
			"/srv/app",
		);
		expect(config).toMatchObject({
			nodeEnv: "production",
			port: 9000,
			host: "127.0.0.1",
			publicUrl: "https://toolbox.example.org",
			dataDir: "/var/lib/toolbox",
			databaseUrl: "postgres://u:p@db:5432/toolbox",
			redisUrl: "redis://redis:6379",
			logLevel: "warn",
			shutdownTimeoutMs: 2500,
			maxBodyBytes: 2048,
			secretsKey: Buffer.alloc(32, 7),
			trustProxyHops: 1,
			robloxOpenCloudUrl: "http://127.0.0.1:9999",
			mail: {
				driver: "sendgrid",
				sendgrid: { apiKey: "SG.key", from: "ToolBoxAI <no-reply@toolbox.example.org>", region: "eu", sandbox: true, baseUrl: "http://127.0.0.1:9998" },
				webhookPublicKey: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-example-key-text",
			},
		});
	});

	describe("mail", () => {
		const production = {
			NODE_ENV: "production",
			PUBLIC_URL: "https://toolbox.example.org",
			DATABASE_URL: "postgres://db/x",
			REDIS_URL: "redis://r",
			SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
		};

		it("production refuses the outbox (resets would go nowhere) unless MAIL_DRIVER=outbox says so", () => {
			expect(problemsOf(production)).toContain("SENDGRID_API_KEY: is required when NODE_ENV=production");
			expect(loadConfig({ ...production, MAIL_DRIVER: "outbox" }).mail).toEqual({ driver: "outbox" });
			expect(loadConfig({ ...production, SENDGRID_API_KEY: "SG.k", MAIL_FROM: "a@toolbox.example.org" }).mail?.driver).toBe("sendgrid");
		});

		it("SendGrid is chosen by its key, needs MAIL_FROM, and MAIL_DRIVER=outbox keeps the outbox anyway", () => {
			expect(loadConfig({ SENDGRID_API_KEY: "SG.k", MAIL_FROM: "a@b.example" }).mail).toEqual({
				driver: "sendgrid",
				sendgrid: { apiKey: "SG.k", from: "a@b.example", region: "global", sandbox: false },
			});
			expect(problemsOf({ SENDGRID_API_KEY: "SG.k" })).toContain("MAIL_FROM: is required when SENDGRID_API_KEY is set");
			expect(problemsOf({ MAIL_DRIVER: "sendgrid" })).toContain("SENDGRID_API_KEY: is required when MAIL_DRIVER=sendgrid");
			expect(loadConfig({ SENDGRID_API_KEY: "SG.k", MAIL_DRIVER: "outbox" }).mail).toEqual({ driver: "outbox" });
			expect(problemsOf({ SENDGRID_REGION: "us" })).toContain("SENDGRID_REGION: must be global or eu");
		});
	});

	describe("SECRETS_KEY", () => {
		const production = { NODE_ENV: "production", PUBLIC_URL: "https://toolbox.example.org", DATABASE_URL: "postgres://db/x", REDIS_URL: "redis://r", MAIL_DRIVER: "outbox" };

		it("is required in production, with a hint how to make one", () => {
			expect(problemsOf(production)).toContain("SECRETS_KEY: is required when NODE_ENV=production");
			expect(problemsOf(production)).toContain("openssl rand -base64 32");
		});

		it("is optional in production on purpose-embedded parts and outside production", () => {
			expect(loadConfig({ ...production, ALLOW_EMBEDDED: "true" }).secretsKey).toBeUndefined();
			expect(loadConfig({}).secretsKey).toBeUndefined();
		});

		it("must be exactly 32 bytes of base64, and is never echoed back", () => {
			const short = Buffer.alloc(16, 1).toString("base64");
			const message = problemsOf({ SECRETS_KEY: short });
			expect(message).toContain("SECRETS_KEY: must be 32 random bytes in base64");
			expect(message).not.toContain(short);
			expect(problemsOf({ SECRETS_KEY: "not base64 at all!" })).toContain("SECRETS_KEY: must be 32 random bytes");
		});
	});

	it("derives PUBLIC_URL from PORT when unset, and treats blank values as unset", () => {
		const config = loadConfig({ PORT: "3001", DATABASE_URL: "  ", LOG_LEVEL: "" });
		expect(config.publicUrl).toBe("http://localhost:3001");
		expect(config.databaseUrl).toBeUndefined();
		expect(config.logLevel).toBe("info");
	});

	it.each([
		["PORT", "abc", 'PORT: must be a whole number from 0 to 65535 (got "abc")'],
		["PORT", "70000", 'PORT: must be a whole number from 0 to 65535 (got "70000")'],
		["LOG_LEVEL", "loud", 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
		["NODE_ENV", "staging", 'NODE_ENV: must be one of development, test, production (got "staging")'],
		["ALLOW_EMBEDDED", "yes", 'ALLOW_EMBEDDED: must be "true" or "false" (got "yes")'],
		["SHUTDOWN_TIMEOUT_MS", "-1", "SHUTDOWN_TIMEOUT_MS: must be a whole number"],
		["MAX_BODY_BYTES", "0", "MAX_BODY_BYTES: must be a whole number from 1"],
		["PUBLIC_URL", "toolbox.example.org", "PUBLIC_URL: must be a URL starting with http:// or https://"],
		["ROBLOX_OPEN_CLOUD_URL", "apis.roblox.com", "ROBLOX_OPEN_CLOUD_URL: must be a URL starting with http:// or https://"],
	])("names %s when it is %p", (setting, value, expected) => {
		expect(problemsOf({ [setting]: value })).toContain(expected);
	});

	it("names a malformed DATABASE_URL or REDIS_URL without echoing its secret", () => {
		const message = problemsOf({ DATABASE_URL: "mysql://root:hunter2@db/x", REDIS_URL: "http://:hunter2@redis" });
		expect(message).toContain("DATABASE_URL: must be a URL starting with postgres:// or postgresql://");
		expect(message).toContain("REDIS_URL: must be a URL starting with redis:// or rediss://");
		expect(message).toContain("2 settings are invalid");
		expect(message).not.toContain("hunter2");
	});

	it("takes MIGRATION_DATABASE_URL only beside DATABASE_URL", () => {
		expect(problemsOf({ MIGRATION_DATABASE_URL: "postgres://owner:s3cret@db/x" })).toContain("MIGRATION_DATABASE_URL: needs DATABASE_URL too");
		const config = loadConfig({ DATABASE_URL: "postgres://svc@db/x", MIGRATION_DATABASE_URL: "postgres://owner@db/x" }, "/srv/app");
		expect(config.migrationDatabaseUrl).toBe("postgres://owner@db/x");
	});

	it("requires PUBLIC_URL in production", () => {
		expect(problemsOf({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x", REDIS_URL: "redis://r" })).toContain("PUBLIC_URL: is required when NODE_ENV=production");
	});

	describe("production on embedded parts", () => {
		const production = { NODE_ENV: "production", PUBLIC_URL: "https://toolbox.example.org" };

		it("refuses, naming each embedded part and the setting that replaces it", () => {
			const message = problemsOf(production);
			expect(message).toContain("NODE_ENV=production refuses embedded parts");
			expect(message).toContain("ALLOW_EMBEDDED=true");
			expect(message).toMatch(/DATABASE_URL: is not set, so the database would be embedded Postgres \(PGlite\)/);
			expect(message).toMatch(/REDIS_URL: is not set, so the job queue would be the in-process job runner/);
		});

		it("names only the part that is missing", () => {
			const message = problemsOf({ ...production, DATABASE_URL: "postgres://db/x" });
			expect(message).toContain("REDIS_URL");
			expect(message).not.toContain("DATABASE_URL");
		});

		it("starts when ALLOW_EMBEDDED=true", () => {
			const config = loadConfig({ ...production, ALLOW_EMBEDDED: "true" });
			expect(config.allowEmbedded).toBe(true);
			expect(config.databaseUrl).toBeUndefined();
		});

		it("does not refuse embedded parts outside production", () => {
			expect(loadConfig({ NODE_ENV: "development" }).nodeEnv).toBe("development");
		});
	});

	it("lists every production problem in one message, each setting once", () => {
		const message = problemsOf({
			NODE_ENV: "production",
			PORT: "eighty",
			MIGRATION_DATABASE_URL: "postgres://owner:s3cret@db/x",
			SUPABASE_URL: "https://abcd.supabase.co",
		});
		const lines = message.split("\n");
		expect(lines[0]).toBe("Cannot start: 8 settings are invalid.");
		expect(lines.slice(1).map((line) => line.trim().split(":")[0])).toEqual([
			"PORT",
			"PUBLIC_URL",
			"MIGRATION_DATABASE_URL",
			"SUPABASE_SERVICE_ROLE_KEY",
			"DATABASE_URL",
			"REDIS_URL",
			"SECRETS_KEY",
			"SENDGRID_API_KEY",
		]);
		expect(message).toContain('PORT: must be a whole number from 0 to 65535 (got "eighty")');
		expect(message).toContain("PUBLIC_URL: is required when NODE_ENV=production");
		expect(message).toContain("MIGRATION_DATABASE_URL: needs DATABASE_URL too");
		expect(message).toContain("SUPABASE_SERVICE_ROLE_KEY: is required when SUPABASE_URL is set");
		expect(message).toContain("DATABASE_URL: is not set, so the database would be embedded Postgres");
		expect(message).toContain("REDIS_URL: is not set, so the job queue would be the in-process job runner");
		expect(message).toContain("SECRETS_KEY: is required when NODE_ENV=production");
		expect(message).toContain("SENDGRID_API_KEY: is required when NODE_ENV=production (with MAIL_FROM), or set MAIL_DRIVER=outbox");
		expect(message).not.toContain("s3cret");
	});

	describe("ROLE", () => {
		it("runs everything in one process by default and takes web or worker", () => {
			expect(loadConfig({}).role).toBe("all");
			const split = { DATABASE_URL: "postgres://u:p@db/x", REDIS_URL: "redis://r:6379" };
			expect(loadConfig({ ...split, ROLE: "web" }).role).toBe("web");
			expect(loadConfig({ ...split, ROLE: "worker" }).role).toBe("worker");
			expect(problemsOf({ ...split, ROLE: "cron" })).toContain('ROLE: must be one of all, web, worker (got "cron")');
		});

		it.each(["web", "worker"])("ROLE=%s refuses to start without REDIS_URL or DATABASE_URL, naming both in one message", (role) => {
			const message = problemsOf({ ROLE: role });
			expect(message).toContain(`REDIS_URL: is required when ROLE=${role}`);
			expect(message).toContain(`DATABASE_URL: is required when ROLE=${role}`);
			expect(problemsOf({ ROLE: role, DATABASE_URL: "postgres://u:p@db/x" })).not.toContain("DATABASE_URL");
		});

		it("names a missing REDIS_URL once in production", () => {
			const lines = problemsOf({ NODE_ENV: "production", ROLE: "worker", DATABASE_URL: "postgres://u:p@db/x" }).split("\n");
			expect(lines.filter((line) => line.trim().startsWith("REDIS_URL:"))).toHaveLength(1);
		});
	});

	it("does not add a rule's complaint about a setting that is itself malformed", () => {
		const message = problemsOf({
			NODE_ENV: "production",
			PUBLIC_URL: "toolbox.example.org",
			DATABASE_URL: "mysql://db/x",
			REDIS_URL: "redis://r",
			SECRETS_KEY: "short",
			MAIL_DRIVER: "outbox",
		});
		expect(
			message
				.split("\n")
				.slice(1)
				.map((line) => line.trim().split(":")[0]),
		).toEqual(["PUBLIC_URL", "DATABASE_URL", "SECRETS_KEY"]);
		expect(message).not.toContain("is required when NODE_ENV=production");
		expect(message).not.toContain("is not set");
	});
});
