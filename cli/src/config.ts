import { CliError } from "./cli-error";

/** The service's own default address (`npm start`, PORT 8080). */
export const DEFAULT_URL = "http://localhost:8080";

export interface CliConfig {
	/** The service's base URL, without a trailing slash. */
	readonly url: string;
	readonly apiKey: string;
}

/** TOOLBOXAI_URL (default http://localhost:3000) and TOOLBOXAI_API_KEY (required), read from the environment. */
export function readConfig(env: NodeJS.ProcessEnv): CliConfig {
	const apiKey = env.TOOLBOXAI_API_KEY?.trim() ?? "";
	if (apiKey === "") {
		throw new CliError(
			"config",
			"config",
			"TOOLBOXAI_API_KEY is not set. Make an API key with the deployments:write scope in the ToolBoxAI dashboard (API keys) and put it in TOOLBOXAI_API_KEY, e.g. as a CI secret.",
		);
	}
	const raw = env.TOOLBOXAI_URL?.trim() || DEFAULT_URL;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new CliError("config", "config", `TOOLBOXAI_URL is not a URL: "${raw}" (e.g. https://toolboxai.example.org).`);
	}
	if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
		throw new CliError("config", "config", `TOOLBOXAI_URL must start with http:// or https://, not "${raw}".`);
	}
	return { url: parsed.toString().replace(/\/+$/, ""), apiKey };
}
