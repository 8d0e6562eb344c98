import { REALTIME_EVENTS } from "@toolboxai/shared";
import type { EventBus } from "../events/event-bus";
import { REALTIME_TOPIC, type RealtimeMessage } from "./realtime-message";

/** Where one client's stream is written: an HTTP response in the service, a recorder in tests. */
export interface StreamSink {
	write(chunk: string): boolean;
	/** Bytes written but not yet taken by the client (Node's writable buffer). */
	readonly writableLength: number;
	end(): void;
}

export interface StreamHubOptions {
	/** Events kept for Last-Event-ID resume (default 1,000)... */
	readonly bufferSize?: number;
	/** ...and for how long (default 5 minutes). */
	readonly bufferMs?: number;
	/** A client with more than this many bytes not taken yet is too slow: it gets a resync and is closed (default 256 KB). */
	readonly maxPendingBytes?: number;
	/** Heartbeat period (default 15 s): proxies keep the connection, clients see it is alive. */
	readonly heartbeatMs?: number;
	/** Tells a client how long to wait before reconnecting (SSE `retry:`), default 3 s. */
	readonly retryMs?: number;
	readonly now?: () => number;
}

interface Client {
	readonly sink: StreamSink;
	readonly channels: ReadonlySet<string>;
}

export interface OpenStreamOptions {
	readonly channels: ReadonlySet<string>;
	/** The last event the client saw (Last-Event-ID): what it missed since is sent first, if the buffer still has it. */
	readonly lastEventId?: string;
}

/**
 * This instance's server-sent-event streams. It hears every realtime event on the bus (so events published by other
 * instances and by workers arrive too), keeps a short buffer for Last-Event-ID resume, and writes each event to the
 * streams that asked for its channel. Writing never waits for a client: a client whose unread bytes pass the bound is
 * sent a resync event and closed (it reconnects and reads its view again), so a slow client never blocks publishing.
 */
export class StreamHub {
	private readonly clients = new Set<Client>();
	private readonly buffer: Array<{ message: RealtimeMessage; at: number }> = [];
	private readonly bufferSize: number;
	private readonly bufferMs: number;
	private readonly maxPendingBytes: number;
	private readonly retryMs: number;
	private readonly now: () => number;
	private readonly unsubscribe: () => void;
	private readonly heartbeat: NodeJS.Timeout;

	constructor(bus: EventBus, options: StreamHubOptions = {}) {
		this.bufferSize = options.bufferSize ?? 1000;
		this.bufferMs = options.bufferMs ?? 5 * 60_000;
		this.maxPendingBytes = options.maxPendingBytes ?? 256 * 1024;
		this.retryMs = options.retryMs ?? 3000;
		this.now = options.now ?? Date.now;
		this.unsubscribe = bus.subscribe(REALTIME_TOPIC, (payload) => this.deliver(payload as RealtimeMessage));
		this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 15_000);
		this.heartbeat.unref();
	}

	/** Streams open on this instance. */
	get size(): number {
		return this.clients.size;
	}

	/** Starts a stream: the retry hint, what the client missed (or a resync when that is gone), then live events. */
	open(sink: StreamSink, options: OpenStreamOptions): () => void {
		const client: Client = { sink, channels: options.channels };
		sink.write(`retry: ${this.retryMs}\n\n`);
		if (options.lastEventId !== undefined) {
			this.prune();
			const index = this.buffer.findIndex((entry) => entry.message.id === options.lastEventId);
			if (index < 0) sink.write(resyncFrame("unknown_last_event_id"));
			else for (const { message } of this.buffer.slice(index + 1)) if (client.channels.has(message.channel)) sink.write(eventFrame(message));
		}
		sink.write(heartbeatFrame(this.now()));
		this.clients.add(client);
		return () => this.clients.delete(client);
	}

	/** Ends every open stream (shutdown: clients reconnect to another instance and resume from their last id). */
	endAll(): void {
		for (const client of this.clients) client.sink.end();
		this.clients.clear();
	}

	/** Ends every stream and stops listening to the bus. */
	close(): void {
		clearInterval(this.heartbeat);
		this.unsubscribe();
		this.endAll();
	}

	private deliver(message: RealtimeMessage): void {
		this.buffer.push({ message, at: this.now() });
		this.prune();
		const frame = eventFrame(message);
		for (const client of this.clients) if (client.channels.has(message.channel)) this.send(client, frame);
	}

	private beat(): void {
		const frame = heartbeatFrame(this.now());
		for (const client of this.clients) this.send(client, frame);
	}

	private send(client: Client, frame: string): void {
		if (client.sink.writableLength > this.maxPendingBytes) {
			this.clients.delete(client);
			client.sink.write(resyncFrame("client_too_slow"));
			client.sink.end();
			return;
		}
		client.sink.write(frame);
	}

	private prune(): void {
		const oldest = this.now() - this.bufferMs;
		let drop = Math.max(0, this.buffer.length - this.bufferSize);
		while (drop < this.buffer.length && (this.buffer[drop]?.at ?? 0) < oldest) drop += 1;
		if (drop > 0) this.buffer.splice(0, drop);
	}
}

/**
 * `data` is `{id, event, channel, data}`: one stream carries several channels, and a client that sees only each
 * event's data (as some SSE clients do) still knows what it is and where to resume.
 */
function eventFrame(message: RealtimeMessage): string {
	const data = JSON.stringify({ id: message.id, event: message.event, channel: message.channel, data: message.data });
	return `id: ${message.id}\nevent: ${message.event}\ndata: ${data}\n\n`;
}

function resyncFrame(reason: string): string {
	return `event: ${REALTIME_EVENTS.resync}\ndata: ${JSON.stringify({ event: REALTIME_EVENTS.resync, channel: "", data: { reason } })}\n\n`;
}

/** An event (not an SSE comment) so clients that only see events (EventSource, Studio) can tell the stream is alive; no id. */
function heartbeatFrame(at: number): string {
	return `event: ${REALTIME_EVENTS.heartbeat}\ndata: ${JSON.stringify({ event: REALTIME_EVENTS.heartbeat, at: new Date(at).toISOString() })}\n\n`;
}
