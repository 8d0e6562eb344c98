import { randomBytes } from "node:crypto";
import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";

const key = () => randomBytes(32).toString("base64");

function problemsOf(env: NodeJS.ProcessEnv): string {
	try {
		loadConfig(env, "/srv/app");
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as ConfigError).message;
	}
	throw new Error("loadConfig accepted the settings");
}

test("no BACKUP_KEY, no backups (and no backup setting in the config)", () => {
	expect(loadConfig({}, "/srv/app").backup).toBeUndefined();
});

test("reads BACKUP_KEY (one or two keys), the schedule, the folder, the role and the tools' folder", () => {
	const [current, previous] = [key(), key()];
	const config = loadConfig(
		{
			DATABASE_URL: "postgres://app@db/toolboxai",
			BACKUP_KEY: ` ${current} , ${previous} `,
			BACKUP_SCHEDULE: "daily",
			BACKUP_DIR: "backups-volume",
			BACKUP_DATABASE_URL: "postgres://backup:pw@db/toolboxai",
			BACKUP_PG_BIN_DIR: "/usr/lib/postgresql/15/bin",
		},
		"/srv/app",
	);
	expect(config.backup).toEqual({
		keys: [Buffer.from(current, "base64"), Buffer.from(previous, "base64")],
		schedule: "daily",
		dir: "/srv/app/backups-volume",
		databaseUrl: "postgres://backup:pw@db/toolboxai",
		pgBinDir: "/usr/lib/postgresql/15/bin",
	});
	expect(loadConfig({ BACKUP_KEY: current }, "/srv/app").backup).toEqual({ keys: [Buffer.from(current, "base64")], schedule: "off" });
});

test("every backup problem is named in the one message, without echoing a key", () => {
	const message = problemsOf({ BACKUP_KEY: "c2hvcnQ=", BACKUP_SCHEDULE: "hourly", BACKUP_DATABASE_URL: "mysql://x" });
	expect(message).toContain("BACKUP_KEY: must be one or two backup keys, comma-separated, each 32 random bytes in base64");
	expect(message).toContain('BACKUP_SCHEDULE: must be off or daily (got "hourly")');
	expect(message).toContain("BACKUP_DATABASE_URL: must be a URL starting with postgres://");
	expect(message).not.toContain("c2hvcnQ=");
	expect(message).not.toContain("mysql://x");
	expect(problemsOf({ BACKUP_KEY: `${key()},${key()},${key()}` })).toContain("BACKUP_KEY: must be one or two backup keys");
});

test("a schedule or a backup setting without BACKUP_KEY is refused, and so is a backup role without DATABASE_URL", () => {
	expect(problemsOf({ BACKUP_SCHEDULE: "daily" })).toContain("BACKUP_KEY: is required when BACKUP_SCHEDULE=daily");
	expect(problemsOf({ BACKUP_DIR: "/mnt/backups" })).toContain("BACKUP_KEY: is required when BACKUP_DIR is set");
	expect(problemsOf({ BACKUP_KEY: key(), BACKUP_DATABASE_URL: "postgres://backup@db/x" })).toContain("BACKUP_DATABASE_URL: needs DATABASE_URL too");
	// Listed beside every other problem, in one go.
	const message = problemsOf({ BACKUP_SCHEDULE: "daily", PORT: "nope" });
	expect(message).toContain("PORT:");
	expect(message).toContain("BACKUP_KEY:");
});
