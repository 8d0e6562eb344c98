/**
 * The dashboard's pusher-js path (server/dashboard/src/live) against a Pusher protocol 7 fake on `ws`: the real
 * pusher-js connects, has each private channel signed by the authorizer the dashboard gives it, receives events,
 * answers pings, and after a dropped connection reconnects, resubscribes and asks views to read again. No service
 * or browser: pusher-js's Node build speaks the same protocol as its browser build.
 */
import { createHmac } from "node:crypto";
import { LiveConnection, type LiveListener } from "../../server/dashboard/src/live/live-connection";
import type { LiveStatus } from "../../server/dashboard/src/live/live-types";
import { type FakePusherWs, startFakePusherWs } from "./support/fake-pusher-ws";

const APP = { key: "dashboard-live-key", secret: "dashboard-live-secret" };
const SCHOOL = "private-school-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const OTHER = "private-school-00000000-0000-4000-8000-000000000000";

let fake: FakePusherWs;
let connection: LiveConnection | undefined;
beforeEach(async () => {
	fake = await startFakePusherWs(APP);
});
afterEach(async () => {
	connection?.close();
	await fake.close();
});

async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Signs like the service (POST /v1/realtime/auth) for the school channel only; anything else gets a wrong signature. */
const authorize = async (socketId: string, channel: string) => ({
	auth: `${APP.key}:${createHmac("sha256", channel === SCHOOL ? APP.secret : "not-the-secret")
		.update(`${socketId}:${channel}`)
		.digest("hex")}`,
});

function start(): { statuses: LiveStatus[] } {
	const statuses: LiveStatus[] = [];
	connection = new LiveConnection({
		config: async () => ({ transport: "pusher", pusher: { key: APP.key, wsHost: "127.0.0.1", wsPort: fake.port, forceTLS: false } }),
		ticket: async () => {
			throw new Error("the stream is not used while Pusher answers");
		},
		authorize,
	});
	connection.onStatus((status) => statuses.push(status));
	void connection.start();
	return { statuses };
}

test("connects, subscribes to a signed private channel, receives its events and answers pings", async () => {
	const { statuses } = start();
	const heard: Array<Parameters<LiveListener>[0]> = [];
	connection?.subscribe(SCHOOL, (event) => heard.push(event));
	await until(() => fake.subscribed(SCHOOL) === 1, "the subscription");
	expect(statuses[statuses.length - 1]).toBe("connected");
	fake.trigger(SCHOOL, "deployment.updated", { deploymentId: "d-1", status: "running" });
	await until(() => heard.length === 1, "the event");
	expect(heard).toEqual([{ channel: SCHOOL, event: "deployment.updated", data: { deploymentId: "d-1", status: "running" } }]);
	fake.ping();
	await until(() => fake.pongs() === 1, "a pong");
});

test("a channel the authorizer does not sign is refused by the server and delivers nothing", async () => {
	start();
	const heard: unknown[] = [];
	connection?.subscribe(OTHER, (event) => heard.push(event));
	connection?.subscribe(SCHOOL, () => undefined);
	await until(() => fake.refused.includes(OTHER) && fake.subscribed(SCHOOL) === 1, "the refusal");
	fake.trigger(OTHER, "deployment.updated", {});
	expect(fake.subscribed(OTHER)).toBe(0);
	expect(heard).toEqual([]);
});

test("a dropped connection shows reconnecting, comes back connected, resubscribes and asks views to read again", async () => {
	const { statuses } = start();
	const heard: Array<Parameters<LiveListener>[0]> = [];
	connection?.subscribe(SCHOOL, (event) => heard.push(event));
	await until(() => fake.subscribed(SCHOOL) === 1, "the subscription");
	fake.dropAll(4200);
	await until(() => statuses.includes("reconnecting"), "reconnecting");
	await until(() => statuses[statuses.length - 1] === "connected" && fake.subscribed(SCHOOL) === 1, "connected again");
	expect(heard).toContain("resync");
	fake.trigger(SCHOOL, "lesson.published", { lessonId: "l-1" });
	await until(() => heard.some((e) => e !== "resync" && e.event === "lesson.published"), "an event after the reconnect");
});

test("when Pusher cannot be reached, the connection says offline and turns to the service's own stream", async () => {
	await fake.close();
	const tickets: string[] = [];
	const statuses: LiveStatus[] = [];
	// Node has no EventSource: the stream's first step (asking for a ticket) shows the switch.
	connection = new LiveConnection({
		config: async () => ({ transport: "pusher", pusher: { key: APP.key, wsHost: "127.0.0.1", wsPort: fake.port, forceTLS: false } }),
		ticket: async () => {
			tickets.push("asked");
			throw new Error("no service in this test");
		},
		authorize,
		pusherUnavailableMs: 300,
	});
	connection.onStatus((status) => statuses.push(status));
	connection.subscribe(SCHOOL, () => undefined);
	void connection.start();
	await until(() => tickets.length > 0, "the stream's ticket request");
	expect(statuses).toContain("offline");
	fake = await startFakePusherWs(APP);
});
