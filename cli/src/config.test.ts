import type { CliError } from "./cli-error";
import { DEFAULT_URL, readConfig } from "./config";

describe("readConfig", () => {
	it("takes the key and the URL from the environment, without a trailing slash", () => {
		expect(readConfig({ TOOLBOXAI_API_KEY: "tbx_abc", TOOLBOXAI_URL: "https://toolboxai.example.org/" })).toEqual({ url: "https://toolboxai.example.org", apiKey: "tbx_abc" });
	});

	it("defaults the URL to the service's own default address", () => {
		expect(readConfig({ TOOLBOXAI_API_KEY: "tbx_abc" }).url).toBe(DEFAULT_URL.replace(/\/$/, ""));
	});

	it("refuses a missing or blank key with a configuration error (exit 2) that says how to get one", () => {
		for (const env of [{}, { TOOLBOXAI_API_KEY: "  " }]) {
			const err = (() => {
				try {
					readConfig(env);
				} catch (e) {
					return e as CliError;
				}
				throw new Error("no error");
			})();
			expect(err.kind).toBe("config");
			expect(err.exitCode).toBe(2);
			expect(err.message).toMatch(/TOOLBOXAI_API_KEY is not set.*deployments:write/);
		}
	});

	it("refuses a URL that is not http(s)", () => {
		expect(() => readConfig({ TOOLBOXAI_API_KEY: "k", TOOLBOXAI_URL: "localhost:8080" })).toThrow(/TOOLBOXAI_URL must start with http/);
		expect(() => readConfig({ TOOLBOXAI_API_KEY: "k", TOOLBOXAI_URL: "not a url" })).toThrow(/TOOLBOXAI_URL is not a URL/);
	});
});
