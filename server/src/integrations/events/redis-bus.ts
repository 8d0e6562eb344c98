import { Redis } from "ioredis";
import type { Logger } from "pino";
import { deliverSafely } from "./deliver-safely";
import type { BusListener, EventBus } from "./event-bus";

/**
 * The bus across instances and workers: Redis pub/sub, one Redis channel per topic under `prefix`. A subscriber
 * connection is opened on first subscribe (a worker that only publishes holds one connection). Redis delivers each
 * message to this instance's own subscription too, so local listeners hear local publishes exactly once.
 */
export class RedisEventBus implements EventBus {
	readonly driver = "redis";
	private readonly publisher: Redis;
	private subscriber: Redis | undefined;
	private readonly listeners = new Map<string, Set<BusListener>>();

	constructor(
		private readonly redisUrl: string,
		private readonly prefix: string,
		private readonly logger: Logger,
	) {
		this.publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
	}

	async publish(topic: string, payload: unknown): Promise<void> {
		await this.publisher.publish(this.redisChannel(topic), JSON.stringify(payload ?? null));
	}

	subscribe(topic: string, listener: BusListener): () => void {
		const subscriber = this.subscriberConnection();
		let set = this.listeners.get(topic);
		if (set === undefined) {
			set = new Set();
			this.listeners.set(topic, set);
			subscriber.subscribe(this.redisChannel(topic)).catch((error: unknown) => this.logger.error({ err: error, topic }, "event bus: subscribing failed"));
		}
		set.add(listener);
		return () => {
			const current = this.listeners.get(topic);
			current?.delete(listener);
			if (current !== undefined && current.size === 0) {
				this.listeners.delete(topic);
				subscriber.unsubscribe(this.redisChannel(topic)).catch(() => undefined);
			}
		};
	}

	async close(): Promise<void> {
		this.listeners.clear();
		this.subscriber?.disconnect();
		this.publisher.disconnect();
	}

	private subscriberConnection(): Redis {
		if (this.subscriber !== undefined) return this.subscriber;
		// A connection in subscriber mode can do nothing else; ioredis resubscribes by itself after a reconnect.
		const subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
		subscriber.on("error", (error) => this.logger.warn({ err: error }, "event bus: redis subscriber error"));
		subscriber.on("message", (channel: string, text: string) => {
			const topic = channel.slice(this.prefix.length + 1);
			const set = this.listeners.get(topic);
			if (set === undefined) return;
			let payload: unknown;
			try {
				payload = JSON.parse(text);
			} catch {
				return void this.logger.warn({ topic }, "event bus: a message that is not JSON was ignored");
			}
			deliverSafely([...set], payload, (error) => this.logger.error({ err: error, topic }, "event bus: a listener failed"));
		});
		this.subscriber = subscriber;
		return subscriber;
	}

	private redisChannel(topic: string): string {
		return `${this.prefix}:${topic}`;
	}
}
