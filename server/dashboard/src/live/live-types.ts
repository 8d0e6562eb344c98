/** What the connection indicator shows: connecting at first, connected, reconnecting after a drop, offline after several failures. */
export type LiveStatus = "connecting" | "connected" | "reconnecting" | "offline";

export interface LiveEvent {
	readonly channel: string;
	readonly event: string;
	readonly data: unknown;
}

export interface TransportCallbacks {
	onStatus(status: LiveStatus): void;
	onEvent(event: LiveEvent): void;
	/** Events may have been missed (a reconnect, the stream's resync): views read their data again. */
	onResync(): void;
}

/** One way of receiving live updates: Pusher, or the service's own stream. */
export interface LiveTransport {
	setChannels(channels: ReadonlyArray<string>): void;
	close(): void;
}
