import { createHmac } from "node:crypto";
import { REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import pino from "pino";
import { InProcessEventBus } from "../events/in-process-bus";
import { startFakePusherApi, type FakePusherApi } from "./__tests__/fake-pusher-api";
import { createPusherChannels } from "./pusher-channels";
import { createRealtimePublisher } from "./publisher";

const APP = { appId: "4242", key: "test-key", secret: "test-secret-that-signs" };
const TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const lesson = { lessonId: "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b", version: "1.2.0", publishedAt: "2026-11-25T14:00:00.000Z" };

let fake: FakePusherApi;
beforeAll(async () => {
	fake = await startFakePusherApi(APP);
});
afterAll(() => fake.close());

function channelsFor(secret = APP.secret) {
	return createPusherChannels({ ...APP, secret, host: fake.host, port: fake.port, useTLS: false });
}

test("the real pusher SDK triggers a signed event that the Channels API accepts (auth_signature and body_md5 checked)", async () => {
	await channelsFor().trigger(schoolChannel(TENANT), REALTIME_EVENTS.lessonPublished, lesson);
	expect(fake.events).toContainEqual({ name: "lesson.published", channels: [schoolChannel(TENANT)], data: lesson });
});

test("a request signed with another secret is refused by the API", async () => {
	const before = fake.refused.length;
	await expect(channelsFor("not-the-secret").trigger(schoolChannel(TENANT), REALTIME_EVENTS.lessonPublished, lesson)).rejects.toThrow();
	expect(fake.refused.slice(before)).toEqual(["auth_signature does not match"]);
});

test("authorizeChannel answers <key>:<hex HMAC-SHA256(secret, socket_id:channel)>", () => {
	const channel = schoolChannel(TENANT);
	const expected = createHmac("sha256", APP.secret).update(`123.456:${channel}`).digest("hex");
	expect(channelsFor().authorizeChannel("123.456", channel)).toEqual({ auth: `${APP.key}:${expected}` });
});

describe("the publisher", () => {
	const lines: Array<{ msg: string }> = [];
	const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });

	test("sends to the bus and to Pusher; a Pusher outage is logged, never thrown", async () => {
		const bus = new InProcessEventBus();
		const heard: unknown[] = [];
		bus.subscribe("realtime", (message) => heard.push(message));
		const publisher = createRealtimePublisher({ bus, pusher: channelsFor(), logger });
		expect(publisher.driver).toBe("pusher");
		fake.failNext(503);
		await expect(publisher.publish(schoolChannel(TENANT), REALTIME_EVENTS.lessonPublished, lesson)).resolves.toBeUndefined();
		expect(lines.map((line) => line.msg)).toContain("realtime event not sent to Pusher");
		await new Promise((resolve) => setImmediate(resolve));
		// The service's own streams still got it.
		expect(heard).toEqual([expect.objectContaining({ channel: schoolChannel(TENANT), event: "lesson.published", data: lesson })]);
	});

	test("data that breaks its contract, or an unknown event, is not sent and is logged", async () => {
		const bus = new InProcessEventBus();
		const heard: unknown[] = [];
		bus.subscribe("realtime", (message) => heard.push(message));
		const before = fake.events.length;
		const publisher = createRealtimePublisher({ bus, pusher: channelsFor(), logger });
		await publisher.publish(schoolChannel(TENANT), REALTIME_EVENTS.lessonPublished, { ...lesson, extra: "x".repeat(20_000) });
		await publisher.publish(schoolChannel(TENANT), "made.up", {});
		await publisher.publish("bad channel", REALTIME_EVENTS.lessonPublished, lesson);
		await new Promise((resolve) => setImmediate(resolve));
		expect(heard).toEqual([]);
		expect(fake.events.length).toBe(before);
		expect(lines.filter((line) => line.msg === "realtime event not sent: it breaks its contract")).toHaveLength(3);
	});
});
