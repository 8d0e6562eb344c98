import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Wire protocol version shared by the service, the plugin and the game. A client refuses a server whose
 * MAJOR differs (Rojo's rule); a MINOR bump only adds optional fields, which clients strip.
 */
export const PROTOCOL_VERSION = "1.0.0";

export const Meta = s.object(
	{
		protocolVersion: s.string({ format: "semver", maxLength: 64, description: "Wire protocol version (SemVer 2.0.0 without +build metadata)." }),
		serverVersion: s.string({ minLength: 1, maxLength: 64, singleLine: true, description: "Version of the running service." }),
		serverTime: s.string({ format: "date-time", description: "Server clock, RFC 3339 UTC." }),
		demoSignIn: s.optional(
			s.object(
				{
					school: s.string({ minLength: 1, maxLength: 120, singleLine: true }),
					email: s.string({ minLength: 3, maxLength: 254, singleLine: true }),
				},
				{ description: "Only on the embedded default (`npm start` with no settings, outside production): the demo school's admin. Never the password." },
			),
		),
	},
	{
		description: "What a client needs to decide whether it can talk to this server.",
		example: { protocolVersion: "1.0.0", serverVersion: "0.1.0", serverTime: "2026-11-25T13:09:16.123Z" },
	},
);
export type Meta = Infer<typeof Meta>;

export const Health = s.object({ status: s.literal("ok") }, { description: "The process is up.", example: { status: "ok" } });
export type Health = Infer<typeof Health>;

const CheckState = s.enumOf(["ok", "failed"] as const);
export const Readiness = s.object(
	{
		status: CheckState,
		checks: s.object({ database: CheckState, queue: CheckState }),
		draining: s.optional(s.boolean({ description: "True while the process shuts down: it takes no new work." })),
	},
	{
		description: "Whether the database and the job queue answer.",
		example: { status: "ok", checks: { database: "ok", queue: "ok" } },
	},
);
export type Readiness = Infer<typeof Readiness>;
