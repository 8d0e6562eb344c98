import { EventEmitter } from "node:events";
import type { BusListener, EventBus } from "./event-bus";
import { deliverSafely } from "./deliver-safely";

/** The bus within one process (no REDIS_URL): payloads are copied through JSON, as over Redis. */
export class InProcessEventBus implements EventBus {
	readonly driver = "in-process";
	private readonly emitter = new EventEmitter();

	constructor() {
		// Every open stream can be a listener; the default limit of 10 would warn spuriously.
		this.emitter.setMaxListeners(0);
	}

	async publish(topic: string, payload: unknown): Promise<void> {
		const copy: unknown = JSON.parse(JSON.stringify(payload ?? null));
		// Listeners run after the publisher's turn, as they would with Redis: a slow listener never delays it.
		const listeners = this.emitter.listeners(topic) as BusListener[];
		queueMicrotask(() => deliverSafely(listeners, copy));
	}

	subscribe(topic: string, listener: BusListener): () => void {
		this.emitter.on(topic, listener);
		return () => this.emitter.off(topic, listener);
	}

	async close(): Promise<void> {
		this.emitter.removeAllListeners();
	}
}
