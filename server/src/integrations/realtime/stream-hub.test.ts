import { createServer, type IncomingMessage, request } from "node:http";
import { InProcessEventBus } from "../events/in-process-bus";
import type { RealtimeMessage } from "./realtime-message";
import { StreamHub, type StreamSink } from "./stream-hub";

/** A client's side of a stream: what was written, how much it has not read yet, whether it was ended. */
class RecordingSink implements StreamSink {
	readonly chunks: string[] = [];
	ended = false;
	writableLength = 0;
	write(chunk: string): boolean {
		this.chunks.push(chunk);
		return true;
	}
	end(): void {
		this.ended = true;
	}
	get events(): Array<{ id?: string; event: string; data: unknown }> {
		return this.chunks
			.join("")
			.split("\n\n")
			.filter((frame) => frame.includes("event: "))
			.map((frame) => {
				const field = (name: string) =>
					frame
						.split("\n")
						.find((line) => line.startsWith(`${name}: `))
						?.slice(name.length + 2);
				const id = field("id");
				return { ...(id === undefined ? {} : { id }), event: field("event") as string, data: JSON.parse(field("data") as string) };
			});
	}
	eventsNamed(name: string) {
		return this.events.filter((event) => event.event === name);
	}
}

const A = "private-school-aaaaaaaa-0000-4000-8000-000000000000";
const B = "private-school-bbbbbbbb-0000-4000-8000-000000000000";

let bus: InProcessEventBus;
let hub: StreamHub;
let sequence = 0;
const message = (channel: string, note: string): RealtimeMessage => ({ id: `id-${++sequence}`, channel, event: "billing.state_changed", data: { note } });
const publish = async (m: RealtimeMessage) => {
	await bus.publish("realtime", m);
	await new Promise((resolve) => setImmediate(resolve));
};

beforeEach(() => {
	bus = new InProcessEventBus();
	hub = new StreamHub(bus, { bufferSize: 5, heartbeatMs: 60_000 });
});
afterEach(() => hub.close());

test("a stream gets the events of its channels only, with their ids, and a heartbeat on opening", async () => {
	const sink = new RecordingSink();
	hub.open(sink, { channels: new Set([A]) });
	await publish(message(A, "one"));
	await publish(message(B, "other school"));
	expect(sink.chunks[0]).toBe("retry: 3000\n\n");
	expect(sink.eventsNamed("stream.heartbeat")).toHaveLength(1);
	const id = `id-${sequence - 1}`;
	expect(sink.eventsNamed("billing.state_changed")).toEqual([
		{ id, event: "billing.state_changed", data: { id, event: "billing.state_changed", channel: A, data: { note: "one" } } },
	]);
});

test("Last-Event-ID resumes after that event; an id the buffer no longer holds gets a resync", async () => {
	const first = message(A, "1");
	for (const m of [first, message(A, "2"), message(B, "b"), message(A, "3")]) await publish(m);
	const resumed = new RecordingSink();
	hub.open(resumed, { channels: new Set([A]), lastEventId: first.id });
	expect(resumed.eventsNamed("billing.state_changed").map((e) => (e.data as { data: { note: string } }).data.note)).toEqual(["2", "3"]);
	// The buffer holds 5: after 5 more, the first is gone.
	for (let i = 0; i < 5; i++) await publish(message(B, `filler ${i}`));
	const late = new RecordingSink();
	hub.open(late, { channels: new Set([A]), lastEventId: first.id });
	expect(late.eventsNamed("stream.resync")).toEqual([{ event: "stream.resync", data: { event: "stream.resync", channel: "", data: { reason: "unknown_last_event_id" } } }]);
	expect(late.eventsNamed("billing.state_changed")).toEqual([]);
});

test("a slow client is sent a resync and closed; publishing goes on for the others", async () => {
	const slow = new RecordingSink();
	const fast = new RecordingSink();
	const small = new StreamHub(bus, { maxPendingBytes: 1000, heartbeatMs: 60_000 });
	small.open(slow, { channels: new Set([A]) });
	small.open(fast, { channels: new Set([A]) });
	slow.writableLength = 5000;
	await publish(message(A, "while slow"));
	await publish(message(A, "after"));
	expect(slow.ended).toBe(true);
	expect(slow.eventsNamed("stream.resync")).toEqual([{ event: "stream.resync", data: { event: "stream.resync", channel: "", data: { reason: "client_too_slow" } } }]);
	expect(slow.eventsNamed("billing.state_changed")).toEqual([]);
	expect(fast.eventsNamed("billing.state_changed")).toHaveLength(2);
	expect(small.size).toBe(1);
	small.close();
});

test("heartbeats arrive on every open stream while nothing happens", async () => {
	const beating = new StreamHub(bus, { heartbeatMs: 20 });
	const sink = new RecordingSink();
	beating.open(sink, { channels: new Set([A]) });
	while (sink.eventsNamed("stream.heartbeat").length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
	beating.close();
	expect(sink.ended).toBe(true);
});

test("over a real socket: a client that stops reading is cut off with a resync once its unread bytes pass the bound", async () => {
	const bounded = new StreamHub(bus, { maxPendingBytes: 64 * 1024, heartbeatMs: 60_000 });
	const server = createServer((_req, res) => {
		res.writeHead(200, { "Content-Type": "text/event-stream" });
		bounded.open(res, { channels: new Set([A]) });
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as { port: number };
	let received = "";
	const response = await new Promise<IncomingMessage>((resolve) => request(`http://127.0.0.1:${port}/`, resolve).end());
	response.setEncoding("utf8");
	response.pause();
	const ended = new Promise<void>((resolve) => response.on("end", () => resolve()));
	try {
		// Far more than the socket buffers hold: the client reads nothing meanwhile, and publishing never waits for it.
		const big = "x".repeat(8 * 1024);
		for (let i = 0; i < 2000 && bounded.size > 0; i++) await publish({ id: `slow-${i}`, channel: A, event: "billing.state_changed", data: { big } });
		expect(bounded.size).toBe(0);
		response.on("data", (chunk: string) => {
			received += chunk;
		});
		response.resume();
		await ended;
		const frames = received.split("\n\n").filter((frame) => frame.includes("event: "));
		expect(frames[frames.length - 1]).toContain("event: stream.resync");
		expect(frames[frames.length - 1]).toContain("client_too_slow");
	} finally {
		bounded.close();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});
