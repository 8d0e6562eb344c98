import { InProcessRealtime, subscribe, type RealtimeMessage } from "./in-process";

test("subscribers of a channel (and of '*') receive published events; unsubscribe stops them", async () => {
	const realtime = new InProcessRealtime();
	expect(realtime.driver).toBe("in-process");
	const onLesson: RealtimeMessage[] = [];
	const onAll: RealtimeMessage[] = [];
	const stop = subscribe(realtime, "private-tenant-1.lesson-9", (message) => onLesson.push(message));
	realtime.subscribe("*", (message) => onAll.push(message));
	await realtime.publish("private-tenant-1.lesson-9", "progress", { done: 3 });
	await realtime.publish("private-tenant-2.other", "progress", { done: 1 });
	stop();
	await realtime.publish("private-tenant-1.lesson-9", "progress", { done: 4 });
	expect(onLesson).toEqual([{ channel: "private-tenant-1.lesson-9", event: "progress", data: { done: 3 } }]);
	expect(onAll.map((message) => message.channel)).toEqual(["private-tenant-1.lesson-9", "private-tenant-2.other", "private-tenant-1.lesson-9"]);
});

test("data is copied through JSON like over the network", async () => {
	const realtime = new InProcessRealtime();
	const received: RealtimeMessage[] = [];
	realtime.subscribe("c", (message) => received.push(message));
	const data = { when: new Date(0), list: [1] };
	await realtime.publish("c", "e", data);
	data.list.push(2);
	expect(received[0]?.data).toEqual({ when: "1970-01-01T00:00:00.000Z", list: [1] });
});

test("refuses what Pusher would refuse: bad channel names, empty events, data over 10 KB", async () => {
	const realtime = new InProcessRealtime();
	await expect(realtime.publish("bad channel", "e", {})).rejects.toThrow(/channel/);
	await expect(realtime.publish("x".repeat(165), "e", {})).rejects.toThrow(/channel/);
	await expect(realtime.publish("c", "", {})).rejects.toThrow(/event/);
	await expect(realtime.publish("c", "e", "x".repeat(10 * 1024))).rejects.toThrow(/10240 bytes/);
});

test("subscribe explains that other drivers have no in-process subscribers", () => {
	expect(() => subscribe({ driver: "pusher", publish: async () => undefined }, "c", () => undefined)).toThrow(/pusher/);
});
