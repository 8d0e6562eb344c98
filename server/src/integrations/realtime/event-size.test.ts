import {
	BillingStateChangedEvent,
	ClassProgressChangedEvent,
	classChannel,
	DEPLOYMENT_STEPS,
	DeploymentUpdatedEvent,
	deploymentChannel,
	LessonPublishedEvent,
	MAX_EVENT_BYTES,
	REALTIME_EVENT_CONTRACTS,
	schoolChannel,
	type AnySchema,
} from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { isValidChannelName } from "./realtime-message";

const ID = "ffffffff-ffff-4fff-bfff-ffffffffffff";
const WHEN = "2026-11-25T14:00:00.000Z";
const BIG = 9007199254740991;

/** Each event at the largest its contract allows: every list full, every text at its longest, every number huge. */
const LARGEST: Record<string, unknown> = {
	"deployment.updated": {
		deploymentId: ID,
		environmentId: ID,
		environment: "e".repeat(32),
		releaseNumber: BIG,
		kind: "rollback",
		status: "succeeded",
		steps: [...DEPLOYMENT_STEPS, ...DEPLOYMENT_STEPS].map((name) => ({ name, status: "skipped", done: BIG, total: BIG })),
		errorCode: "c".repeat(64),
		updatedAt: WHEN,
	},
	"class.progress_changed": { classId: ID, lessonIds: Array.from({ length: 20 }, () => ID), truncated: true, events: BIG, windowEndedAt: WHEN },
	"lesson.published": { lessonId: ID, version: `1.0.0-${"a".repeat(58)}`, publishedAt: WHEN },
	"billing.state_changed": { status: "incomplete_expired", changedAt: WHEN },
	"stream.resync": { reason: "unknown_last_event_id" },
};

test.each(Object.entries(REALTIME_EVENT_CONTRACTS))("%s at its largest is valid and under a quarter of Pusher's 10 KB", (name, contract) => {
	const value = LARGEST[name];
	expect(parse(contract as AnySchema, value, { unknownKeys: "reject" }).ok).toBe(true);
	expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThan(MAX_EVENT_BYTES / 4);
});

test("lists that could grow with a school are bounded by their contracts", () => {
	const tooMany = { ...(LARGEST["class.progress_changed"] as object), lessonIds: Array.from({ length: 21 }, () => ID) };
	expect(parse(ClassProgressChangedEvent, tooMany).ok).toBe(false);
	const elevenSteps = { ...(LARGEST["deployment.updated"] as { steps: unknown[] }) };
	elevenSteps.steps = [...elevenSteps.steps, elevenSteps.steps[0]];
	expect(parse(DeploymentUpdatedEvent, elevenSteps).ok).toBe(false);
	expect(parse(LessonPublishedEvent, LessonPublishedEvent.example).ok).toBe(true);
	expect(parse(BillingStateChangedEvent, BillingStateChangedEvent.example).ok).toBe(true);
});

test("channel names are private, within Pusher's characters and under its 164-character limit", () => {
	for (const channel of [schoolChannel(ID), classChannel(ID), deploymentChannel(ID)]) {
		expect(channel.startsWith("private-")).toBe(true);
		expect(isValidChannelName(channel)).toBe(true);
		expect(channel.length).toBeLessThanOrEqual(164);
	}
});
