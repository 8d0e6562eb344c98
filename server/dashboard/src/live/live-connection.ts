import type { RealtimeConfig } from "@toolboxai/shared";
import type { LiveEvent, LiveStatus, LiveTransport, TransportCallbacks } from "./live-types";
import { pusherTransport } from "./pusher-transport";
import { sseTransport } from "./sse-transport";

export type LiveListener = (event: LiveEvent | "resync") => void;

export interface LiveConnectionDeps {
	readonly config: () => Promise<RealtimeConfig>;
	readonly ticket: () => Promise<string>;
	readonly authorize: (socketId: string, channelName: string) => Promise<{ auth: string }>;
	/** pusher-js's unavailable timeout (tests shorten it); its default otherwise. */
	readonly pusherUnavailableMs?: number;
}

/**
 * The dashboard's one live connection: pages subscribe to channels (counted, so two views of one channel share it),
 * the transport follows the set. Pusher when the service says it is configured, the service's stream otherwise or
 * once Pusher cannot be reached.
 */
export class LiveConnection {
	private readonly listeners = new Map<string, Set<LiveListener>>();
	private readonly statusListeners = new Set<(status: LiveStatus) => void>();
	private transport: LiveTransport | undefined;
	private usingStream = false;
	private status: LiveStatus = "connecting";
	private closed = false;

	constructor(private readonly deps: LiveConnectionDeps) {}

	getStatus(): LiveStatus {
		return this.status;
	}

	onStatus(listener: (status: LiveStatus) => void): () => void {
		this.statusListeners.add(listener);
		return () => this.statusListeners.delete(listener);
	}

	/** Listens to one channel; the last listener leaving unsubscribes it. */
	subscribe(channel: string, listener: LiveListener): () => void {
		const set = this.listeners.get(channel) ?? new Set();
		set.add(listener);
		this.listeners.set(channel, set);
		this.follow();
		return () => {
			set.delete(listener);
			if (set.size === 0) this.listeners.delete(channel);
			this.follow();
		};
	}

	async start(): Promise<void> {
		let config: RealtimeConfig = { transport: "sse" };
		try {
			config = await this.deps.config();
		} catch {
			// The stream is always there; it says offline by itself if the service is not.
		}
		if (this.closed) return;
		this.transport = config.transport === "pusher" && config.pusher !== undefined ? this.pusher(config.pusher) : this.stream();
		this.follow();
	}

	close(): void {
		this.closed = true;
		this.transport?.close();
	}

	private callbacks(): TransportCallbacks {
		return {
			onStatus: (status) => {
				this.status = status;
				for (const listener of [...this.statusListeners]) listener(status);
			},
			onEvent: (event) => {
				for (const listener of [...(this.listeners.get(event.channel) ?? [])]) listener(event);
			},
			onResync: () => {
				for (const set of this.listeners.values()) for (const listener of [...set]) listener("resync");
			},
		};
	}

	private stream(): LiveTransport {
		this.usingStream = true;
		return sseTransport(this.callbacks(), { ticket: this.deps.ticket });
	}

	private pusher(config: NonNullable<RealtimeConfig["pusher"]>): LiveTransport {
		return pusherTransport(this.callbacks(), {
			config,
			authorize: this.deps.authorize,
			...(this.deps.pusherUnavailableMs === undefined ? {} : { unavailableMs: this.deps.pusherUnavailableMs }),
			onUnreachable: () => {
				if (this.usingStream || this.closed) return;
				// Pusher is down or blocked: the service streams the same events.
				this.transport?.close();
				this.transport = this.stream();
				this.follow();
			},
		});
	}

	private follow(): void {
		this.transport?.setChannels([...this.listeners.keys()].sort());
	}
}
