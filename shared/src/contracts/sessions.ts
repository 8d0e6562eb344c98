import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Sessions people can see and end: the dashboard in browsers (refresh token in a cookie), the Studio plugin
 * (device sign-in) and API clients (refresh token in request bodies).
 */

export const SESSION_CLIENTS = ["browser", "studio", "api"] as const;
export type SessionClientKind = (typeof SESSION_CLIENTS)[number];

const Timestamp = s.string({ format: "date-time" });

export const SessionSummary = s.object(
	{
		id: s.string({ format: "uuid" }),
		client: s.enumOf(SESSION_CLIENTS, { description: "browser: the dashboard; studio: the Studio plugin; api: a client sending its refresh token in request bodies." }),
		label: s.optional(s.string({ minLength: 1, maxLength: 120, description: "The Studio device name, or the browser and system." })),
		user: s.object({ id: s.string({ format: "uuid" }), displayName: s.string({ minLength: 1, maxLength: 80 }) }),
		createdAt: Timestamp,
		lastUsedAt: Timestamp,
		expiresAt: s.string({ format: "date-time", description: "Studio sessions slide: 14 days after their last use, at most 90 days after sign-in." }),
		current: s.boolean({ description: "The session making this request." }),
	},
	{
		example: {
			id: "6f0b2c9e-1d3a-4c5b-9e8f-7a6b5c4d3e2f",
			client: "studio",
			label: "Studio on LAB-PC-07",
			user: { id: "0d6c1f0e-5b7a-4a1e-9c3d-2b1a0f9e8d7c", displayName: "Ms Rivera" },
			createdAt: "2026-12-01T09:00:00.000Z",
			lastUsedAt: "2026-12-07T14:30:00.000Z",
			expiresAt: "2026-12-21T14:30:00.000Z",
			current: false,
		},
	},
);
export type SessionSummary = Infer<typeof SessionSummary>;

export const SessionList = s.object({ items: s.array(SessionSummary, { maxItems: 500 }) }, { description: "Active sessions, most recently used first." });
export type SessionList = Infer<typeof SessionList>;

export const SessionsEnded = s.object(
	{ ended: s.integer({ minimum: 0, description: "How many sessions were ended." }) },
	{ description: "Sessions ended: their refresh tokens stop working and their access tokens are refused.", example: { ended: 3 } },
);
export type SessionsEnded = Infer<typeof SessionsEnded>;

/** The dashboard's answer from the cookie routes: the refresh token stays in its httpOnly cookie. */
export const BrowserSession = s.object(
	{
		accessToken: s.string({ minLength: 1, maxLength: 4096, description: "JWT (EdDSA), at most 15 minutes. Keep it in memory." }),
		expiresIn: s.integer({ minimum: 1, description: "Seconds until the access token expires." }),
		tokenType: s.literal("Bearer"),
	},
	{ description: "An access token for the browser session whose refresh token is in the cookie." },
);
export type BrowserSession = Infer<typeof BrowserSession>;

export const BrowserSessionRequest = s.object(
	{
		refreshToken: s.string({
			minLength: 1,
			maxLength: 512,
			description: "From the sign-in, sign-up or invitation answer: it is rotated at once and its successor goes into the cookie.",
		}),
	},
	{ example: { refreshToken: "rt_3q2-7wz" } },
);
export type BrowserSessionRequest = Infer<typeof BrowserSessionRequest>;
