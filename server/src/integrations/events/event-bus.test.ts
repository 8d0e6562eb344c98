import pino from "pino";
import type { EventBus } from "./event-bus";
import { InProcessEventBus } from "./in-process-bus";
import { RedisEventBus } from "./redis-bus";

const logger = pino({ level: "silent" });

async function until(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
	expect(condition()).toBe(true);
}

test("in-process: subscribers hear a JSON copy, after the publisher's turn; a throwing listener harms no one", async () => {
	const bus = new InProcessEventBus();
	const heard: unknown[] = [];
	bus.subscribe("t", () => {
		throw new Error("listener bug");
	});
	const stop = bus.subscribe("t", (payload) => heard.push(payload));
	const payload = { when: new Date(0), list: [1] };
	await bus.publish("t", payload);
	payload.list.push(2);
	await until(() => heard.length === 1);
	expect(heard).toEqual([{ when: "1970-01-01T00:00:00.000Z", list: [1] }]);
	stop();
	await bus.publish("t", {});
	await new Promise((resolve) => setImmediate(resolve));
	expect(heard).toHaveLength(1);
});

describe("Redis pub/sub", () => {
	const redisUrl = process.env.TEST_REDIS_URL as string;
	const prefix = `tbx-test-bus-${process.pid}-${Date.now()}`;
	const buses: EventBus[] = [];
	afterAll(async () => {
		for (const bus of buses) await bus.close();
	});

	test("an event published by one instance reaches every instance's subscribers once, its own included", async () => {
		const [a, b] = [new RedisEventBus(redisUrl, prefix, logger), new RedisEventBus(redisUrl, prefix, logger)];
		buses.push(a, b);
		const onA: unknown[] = [];
		const onB: unknown[] = [];
		a.subscribe("realtime", (payload) => onA.push(payload));
		b.subscribe("realtime", (payload) => onB.push(payload));
		// Subscribing is asynchronous: publish until both hear one, then check nothing arrived twice.
		let sent = 0;
		while (onA.length === 0 || onB.length === 0) {
			await a.publish("realtime", { n: ++sent });
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await b.publish("realtime", { n: "last" });
		await until(() => onA.some((p) => (p as { n: unknown }).n === "last") && onB.some((p) => (p as { n: unknown }).n === "last"));
		expect(onB.filter((p) => (p as { n: unknown }).n === "last")).toHaveLength(1);
		expect(onA.filter((p) => (p as { n: unknown }).n === "last")).toHaveLength(1);
	});

	test("another prefix (another deployment on the same Redis) hears nothing", async () => {
		const [a, other] = [new RedisEventBus(redisUrl, prefix, logger), new RedisEventBus(redisUrl, `${prefix}-other`, logger)];
		buses.push(a, other);
		const heard: unknown[] = [];
		const mine: unknown[] = [];
		other.subscribe("realtime", (payload) => heard.push(payload));
		a.subscribe("realtime", (payload) => mine.push(payload));
		while (mine.length === 0) {
			await a.publish("realtime", { n: 1 });
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(heard).toEqual([]);
	});
});
