import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { DEPLOYMENT_STATUSES, DEPLOYMENT_STEPS } from "./deployments";

/**
 * Live updates: what the service tells the dashboard and the Studio plugin, through Pusher or its own event stream.
 * Every event carries ids and a small summary (well under Pusher's 10 KB), never a whole resource: the client reads
 * the rest through the API, so an event cannot outgrow the limit as a deployment's assets or a class's roster grow.
 */

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });

/** The events the service publishes, by name (Pusher event names; the stream's `event:` field). */
export const REALTIME_EVENTS = {
	deploymentUpdated: "deployment.updated",
	classProgressChanged: "class.progress_changed",
	lessonPublished: "lesson.published",
	billingStateChanged: "billing.state_changed",
	/** Only on the service's own stream: events were missed (buffer passed or client too slow); read everything again. */
	resync: "stream.resync",
	/** Only on the service's own stream, every 15 s, without an id: the stream is alive. Data: {at}. */
	heartbeat: "stream.heartbeat",
} as const;
export type RealtimeEventName = (typeof REALTIME_EVENTS)[keyof typeof REALTIME_EVENTS];

/**
 * Private channels (pusher-js asks the service to sign each): one per school (its staff), one per class (its teacher
 * and the school's admins), one per deployment (whoever may read deployments). Names stay under Pusher's 164
 * characters: the longest prefix is 19 characters plus a 36-character id.
 */
export const CHANNEL_PREFIXES = { school: "private-school-", class: "private-class-", deployment: "private-deployment-" } as const;
export type ChannelKind = keyof typeof CHANNEL_PREFIXES;

export function schoolChannel(tenantId: string): string {
	return CHANNEL_PREFIXES.school + tenantId;
}
export function classChannel(classId: string): string {
	return CHANNEL_PREFIXES.class + classId;
}
export function deploymentChannel(deploymentId: string): string {
	return CHANNEL_PREFIXES.deployment + deploymentId;
}

/** Pusher refuses event data over 10,240 bytes; ours stay far below (a test builds each at its largest). */
export const MAX_EVENT_BYTES = 10240;

export const DeploymentStepSummary = s.object({
	name: s.enumOf(DEPLOYMENT_STEPS),
	status: s.enumOf(["pending", "running", "done", "skipped", "failed"] as const),
	done: s.integer({ minimum: 0 }),
	total: s.integer({ minimum: 0 }),
});
export type DeploymentStepSummary = Infer<typeof DeploymentStepSummary>;

export const DeploymentUpdatedEvent = s.object(
	{
		deploymentId: Id,
		environmentId: Id,
		environment: s.string({ minLength: 1, maxLength: 32 }),
		releaseNumber: s.integer({ minimum: 1 }),
		kind: s.enumOf(["deploy", "rollback"] as const),
		status: s.enumOf(DEPLOYMENT_STATUSES),
		steps: s.array(DeploymentStepSummary, { maxItems: 10 }),
		errorCode: s.optional(s.string({ maxLength: 64 })),
		updatedAt: Timestamp,
	},
	{
		description: "A deployment moved on (a step, its status). GET /v1/deployments/{deploymentId} has the rest. Sent on the school's and the deployment's channels.",
		example: {
			deploymentId: "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
			environmentId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
			environment: "staging",
			releaseNumber: 1,
			kind: "deploy",
			status: "running",
			steps: [{ name: "upload_assets", status: "running", done: 3, total: 40 }],
			updatedAt: "2026-11-25T14:00:00.000Z",
		},
	},
);
export type DeploymentUpdatedEvent = Infer<typeof DeploymentUpdatedEvent>;

export const ClassProgressChangedEvent = s.object(
	{
		classId: Id,
		lessonIds: s.array(Id, { maxItems: 20, description: "Lessons whose progress changed in the window (at most 20; more sets truncated)." }),
		truncated: s.boolean({ description: "More lessons changed than listed: read the whole class again." }),
		events: s.integer({ minimum: 1, description: "Progress events recorded for the class in the window." }),
		windowEndedAt: Timestamp,
	},
	{
		description: "Students of the class made progress. Coalesced: at most one per class per short window. GET /v1/classes/{classId}/progress has the numbers.",
		example: {
			classId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
			lessonIds: ["3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b"],
			truncated: false,
			events: 12,
			windowEndedAt: "2026-11-25T14:00:02.000Z",
		},
	},
);
export type ClassProgressChangedEvent = Infer<typeof ClassProgressChangedEvent>;

export const LessonPublishedEvent = s.object(
	{
		lessonId: Id,
		version: s.string({ format: "semver", maxLength: 64 }),
		publishedAt: Timestamp,
	},
	{
		description: "A lesson version was published. Sent on the school's channel.",
		example: { lessonId: "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b", version: "1.2.0", publishedAt: "2026-11-25T14:00:00.000Z" },
	},
);
export type LessonPublishedEvent = Infer<typeof LessonPublishedEvent>;

/** Stripe's subscription statuses, plus none (no subscription yet). */
export const BILLING_STATES = ["none", "trialing", "active", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "paused"] as const;

export const BillingStateChangedEvent = s.object(
	{
		status: s.enumOf(BILLING_STATES),
		changedAt: Timestamp,
	},
	{
		description: "The school's subscription changed state (the dashboard's billing banner reads the details). Sent on the school's channel.",
		example: { status: "past_due", changedAt: "2026-11-25T14:00:00.000Z" },
	},
);
export type BillingStateChangedEvent = Infer<typeof BillingStateChangedEvent>;

export const StreamResyncEvent = s.object(
	{ reason: s.enumOf(["unknown_last_event_id", "client_too_slow"] as const) },
	{
		description: "Sent on the service's event stream when the client missed events: read what it shows again.",
		example: { reason: "unknown_last_event_id" },
	},
);
export type StreamResyncEvent = Infer<typeof StreamResyncEvent>;

/** Every published event's data contract, by event name: the publisher checks data against it before sending. */
export const REALTIME_EVENT_CONTRACTS = {
	"deployment.updated": DeploymentUpdatedEvent,
	"class.progress_changed": ClassProgressChangedEvent,
	"lesson.published": LessonPublishedEvent,
	"billing.state_changed": BillingStateChangedEvent,
	"stream.resync": StreamResyncEvent,
} as const;

/** pusher-js's channelAuthorization request (JSON here), also what the Studio plugin sends. */
export const ChannelAuthRequest = s.object(
	{
		socket_id: s.string({ minLength: 3, maxLength: 64, singleLine: true, description: "The Pusher connection's socket id (digits.digits)." }),
		channel_name: s.string({ minLength: 1, maxLength: 164, singleLine: true }),
	},
	{ example: { socket_id: "123.456", channel_name: "private-school-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" } },
);
export type ChannelAuthRequest = Infer<typeof ChannelAuthRequest>;

export const ChannelAuthorization = s.object(
	{ auth: s.string({ maxLength: 200, description: "<key>:<hex HMAC-SHA256(secret, socket_id:channel_name)>, as pusher-js expects." }) },
	{ example: { auth: "app-key:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4" } },
);
export type ChannelAuthorization = Infer<typeof ChannelAuthorization>;

export const StreamTicket = s.object(
	{
		ticket: s.string({ minLength: 16, maxLength: 128 }),
		expiresInSeconds: s.integer({ minimum: 1 }),
	},
	{
		description: "Opens GET /v1/events once (?ticket=), within expiresInSeconds: browsers' EventSource cannot send an Authorization header.",
		example: { ticket: "Zk9xT3JzV0VxNnN0dmZ1YzB3R2x4d0pH", expiresInSeconds: 60 },
	},
);
export type StreamTicket = Infer<typeof StreamTicket>;

export const RealtimeConfig = s.object(
	{
		transport: s.enumOf(["pusher", "sse"] as const, { description: "pusher: subscribe with pusher-js (key and cluster/host below); sse: GET /v1/events." }),
		pusher: s.optional(
			s.object({
				key: s.string({ maxLength: 100 }),
				cluster: s.optional(s.string({ maxLength: 50 })),
				wsHost: s.optional(s.string({ maxLength: 255 })),
				wsPort: s.optional(s.integer({ minimum: 1, maximum: 65535 })),
				forceTLS: s.boolean(),
			}),
		),
	},
	{ description: "How clients receive live updates from this service.", example: { transport: "sse" } },
);
export type RealtimeConfig = Infer<typeof RealtimeConfig>;
