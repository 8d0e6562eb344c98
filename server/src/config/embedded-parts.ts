import type { Config } from "./config";

export interface EmbeddedPart {
	/** The setting that would switch this part to the real thing. */
	readonly setting: "DATABASE_URL" | "REDIS_URL";
	readonly name: string;
	readonly description: string;
}

/** Which parts run embedded with these settings: main.ts prints them, production refuses them. */
export function embeddedParts(config: Pick<Config, "databaseUrl" | "redisUrl" | "dataDir">): EmbeddedPart[] {
	const parts: EmbeddedPart[] = [];
	if (config.databaseUrl === undefined) {
		parts.push({ setting: "DATABASE_URL", name: "the database", description: `embedded Postgres (PGlite) in ${config.dataDir}` });
	}
	if (config.redisUrl === undefined) {
		parts.push({ setting: "REDIS_URL", name: "the job queue", description: "the in-process job runner (one instance only, no Redis)" });
	}
	return parts;
}
