import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";

const CREDENTIALS = { PUSHER_APP_ID: "1234", PUSHER_KEY: "app-key", PUSHER_SECRET: "app-secret" };

function problemsOf(env: NodeJS.ProcessEnv): string {
	try {
		loadConfig(env, "/srv/app");
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as ConfigError).message;
	}
	throw new Error("loadConfig accepted the settings");
}

describe("PUSHER_* settings", () => {
	it("are off when none is set (live updates through the service's own stream)", () => {
		expect(loadConfig({}, "/srv/app").pusher).toBeUndefined();
	});

	it("take a cluster, or a host and port for a Pusher-compatible server", () => {
		expect(loadConfig({ ...CREDENTIALS, PUSHER_CLUSTER: "eu" }, "/srv/app").pusher).toEqual({
			...{ appId: "1234", key: "app-key", secret: "app-secret" },
			cluster: "eu",
			useTLS: true,
		});
		expect(loadConfig({ ...CREDENTIALS, PUSHER_HOST: "soketi.internal", PUSHER_PORT: "6001", PUSHER_USE_TLS: "false" }, "/srv/app").pusher).toEqual({
			appId: "1234",
			key: "app-key",
			secret: "app-secret",
			host: "soketi.internal",
			port: 6001,
			useTLS: false,
		});
	});

	it("refuse half a setting, naming what is missing, and never echo the secret", () => {
		const half = problemsOf({ PUSHER_APP_ID: "1234", PUSHER_SECRET: "do-not-print-me", PUSHER_CLUSTER: "eu" });
		expect(half).toContain("PUSHER_KEY");
		expect(half).not.toContain("do-not-print-me");
		expect(problemsOf({ ...CREDENTIALS })).toContain("PUSHER_CLUSTER");
		expect(problemsOf({ ...CREDENTIALS, PUSHER_CLUSTER: "eu", PUSHER_HOST: "soketi.internal" })).toContain("PUSHER_HOST");
		expect(problemsOf({ PUSHER_CLUSTER: "eu" })).toContain("needs PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET");
		expect(problemsOf({ ...CREDENTIALS, PUSHER_HOST: "https://soketi.internal" })).toContain("PUSHER_HOST");
		expect(problemsOf({ ...CREDENTIALS, PUSHER_CLUSTER: "eu", PUSHER_PORT: "70000" })).toContain("PUSHER_PORT");
	});
});
