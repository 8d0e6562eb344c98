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

const KEY = "eyJhbGciOiJIUzI1NiJ9.service-role.secret-part";

describe("Supabase Storage settings", () => {
	it("unset: no supabase settings (files stay in the local folder)", () => {
		expect(loadConfig({}, "/srv/app").supabase).toBeUndefined();
	});

	it("URL and key: Supabase, bucket toolboxai by default, URL without its trailing slash", () => {
		expect(loadConfig({ SUPABASE_URL: "https://abcd.supabase.co/", SUPABASE_SERVICE_ROLE_KEY: KEY }, "/srv/app").supabase).toEqual({
			url: "https://abcd.supabase.co",
			serviceRoleKey: KEY,
			bucket: "toolboxai",
		});
		expect(loadConfig({ SUPABASE_URL: "https://abcd.supabase.co", SUPABASE_SERVICE_ROLE_KEY: KEY, SUPABASE_STORAGE_BUCKET: "school-files" }, "/srv/app").supabase?.bucket).toBe(
			"school-files",
		);
	});

	it("half a setting stops the start, naming the missing half", () => {
		expect(problemsOf({ SUPABASE_URL: "https://abcd.supabase.co" })).toContain("SUPABASE_SERVICE_ROLE_KEY: is required when SUPABASE_URL is set");
		expect(problemsOf({ SUPABASE_SERVICE_ROLE_KEY: KEY })).toContain("SUPABASE_URL: is required when SUPABASE_SERVICE_ROLE_KEY is set");
	});

	it("a malformed URL or bucket is named; the key is never echoed", () => {
		expect(problemsOf({ SUPABASE_URL: "abcd.supabase.co", SUPABASE_SERVICE_ROLE_KEY: KEY })).toContain("SUPABASE_URL: must be a URL starting with http:// or https://");
		const bucket = problemsOf({ SUPABASE_URL: "https://abcd.supabase.co", SUPABASE_SERVICE_ROLE_KEY: KEY, SUPABASE_STORAGE_BUCKET: "My Bucket" });
		expect(bucket).toContain("SUPABASE_STORAGE_BUCKET: must be a bucket name");
		expect(bucket).not.toContain(KEY);
		expect(problemsOf({ SUPABASE_URL: "nope", SUPABASE_SERVICE_ROLE_KEY: KEY })).not.toContain(KEY);
	});

	it("blank values count as unset (env files)", () => {
		expect(loadConfig({ SUPABASE_URL: " ", SUPABASE_SERVICE_ROLE_KEY: "" }, "/srv/app").supabase).toBeUndefined();
	});
});
