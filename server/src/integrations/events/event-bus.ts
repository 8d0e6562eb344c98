/**
 * One event bus for the service's instances and workers: realtime events reach every instance's streams through it,
 * and other parts (cache invalidation) may use their own topics. In-process without REDIS_URL (the embedded default,
 * one process), Redis pub/sub with it. Delivery is at most once and best effort, as pub/sub is: a listener that was
 * not connected misses the message, so consumers that must not miss work use jobs instead.
 */
export type BusListener = (payload: unknown) => void;

export interface EventBus {
	readonly driver: "in-process" | "redis";
	/** Sends `payload` (copied through JSON) to every subscriber of `topic` in every instance, this one included. */
	publish(topic: string, payload: unknown): Promise<void>;
	/** Returns the unsubscribe function. */
	subscribe(topic: string, listener: BusListener): () => void;
	close(): Promise<void>;
}
