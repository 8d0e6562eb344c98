import { z } from "zod";
import type { PusherSettings } from "./config";
import type { SettingProblem } from "./config-error";

/** Pusher Channels settings: PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET, and PUSHER_CLUSTER or PUSHER_HOST (+PUSHER_PORT). */
export const PUSHER_SETTINGS = {
	PUSHER_APP_ID: { schema: z.string().trim().min(1).max(64).optional(), secret: false },
	PUSHER_KEY: { schema: z.string().trim().min(1).max(100).optional(), secret: false },
	PUSHER_SECRET: { schema: z.string().trim().min(1).max(200).optional(), secret: true },
	PUSHER_CLUSTER: {
		schema: z
			.string()
			.regex(/^[a-z0-9-]{1,50}$/, "must be a Pusher cluster name (e.g. eu, mt1, us2)")
			.optional(),
		secret: false,
	},
	PUSHER_HOST: {
		schema: z
			.string()
			.regex(/^[A-Za-z0-9.-]{1,255}$/, "must be a host name without scheme or port (e.g. soketi.internal)")
			.optional(),
		secret: false,
	},
	PUSHER_PORT: {
		schema: z
			.string()
			.regex(/^\d{1,5}$/, "must be a port number")
			.transform(Number)
			.refine((n) => n >= 1 && n <= 65535, "must be a port number from 1 to 65535")
			.optional(),
		secret: false,
	},
	PUSHER_USE_TLS: {
		schema: z
			.enum(["true", "false", "1", "0"], { error: 'must be "true" or "false"' })
			.transform((v) => v === "true" || v === "1")
			.optional(),
		secret: false,
	},
} as const;

export interface PusherSettingValues {
	readonly PUSHER_APP_ID?: string;
	readonly PUSHER_KEY?: string;
	readonly PUSHER_SECRET?: string;
	readonly PUSHER_CLUSTER?: string;
	readonly PUSHER_HOST?: string;
	readonly PUSHER_PORT?: number;
	readonly PUSHER_USE_TLS?: boolean;
}

/**
 * Pusher is on when the app id, key and secret are all set; half a setting is refused (events would quietly stay on
 * the service's own stream). PUSHER_HOST points at a Pusher-compatible server (soketi...) instead of a cluster.
 */
export function pusherSettings(values: PusherSettingValues): { settings?: PusherSettings; problems: SettingProblem[] } {
	const credentials = { PUSHER_APP_ID: values.PUSHER_APP_ID, PUSHER_KEY: values.PUSHER_KEY, PUSHER_SECRET: values.PUSHER_SECRET };
	const missing = Object.entries(credentials).filter(([, value]) => value === undefined);
	if (missing.length === 3) {
		const stray = (["PUSHER_CLUSTER", "PUSHER_HOST", "PUSHER_PORT"] as const).find((name) => values[name] !== undefined);
		return { problems: stray === undefined ? [] : [{ setting: stray, problem: "needs PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET too" }] };
	}
	const problems: SettingProblem[] = missing.map(([name]) => ({ setting: name, problem: "is required when any of PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET is set" }));
	if (values.PUSHER_CLUSTER !== undefined && values.PUSHER_HOST !== undefined) {
		problems.push({ setting: "PUSHER_HOST", problem: "and PUSHER_CLUSTER are exclusive: a cluster names Pusher's own hosts" });
	}
	if (values.PUSHER_CLUSTER === undefined && values.PUSHER_HOST === undefined) {
		problems.push({ setting: "PUSHER_CLUSTER", problem: "or PUSHER_HOST is required with Pusher (e.g. PUSHER_CLUSTER=eu)" });
	}
	if (problems.length > 0) return { problems };
	return {
		problems,
		settings: {
			appId: values.PUSHER_APP_ID as string,
			key: values.PUSHER_KEY as string,
			secret: values.PUSHER_SECRET as string,
			...(values.PUSHER_CLUSTER === undefined ? {} : { cluster: values.PUSHER_CLUSTER }),
			...(values.PUSHER_HOST === undefined ? {} : { host: values.PUSHER_HOST }),
			...(values.PUSHER_PORT === undefined ? {} : { port: values.PUSHER_PORT }),
			useTLS: values.PUSHER_USE_TLS ?? true,
		},
	};
}
