import Pusher from "pusher-js";
import type { RealtimeConfig } from "@toolboxai/shared";
import type { LiveStatus, LiveTransport, TransportCallbacks } from "./live-types";

export interface PusherOptions {
	readonly config: NonNullable<RealtimeConfig["pusher"]>;
	readonly authorize: (socketId: string, channelName: string) => Promise<{ auth: string }>;
	/** pusher-js gave up (unavailable or failed): the caller switches to the service's own stream. */
	readonly onUnreachable: () => void;
	/** How long pusher-js tries before it says unavailable (its default: 10 s). */
	readonly unavailableMs?: number;
}

/**
 * pusher-js on private channels, authorized through the service (POST /v1/realtime/auth). Its connection states map
 * onto the indicator: connected; connecting (reconnecting once it has been connected); unavailable and failed are
 * offline, and hand over to the service's stream.
 */
export function pusherTransport(callbacks: TransportCallbacks, options: PusherOptions): LiveTransport {
	const { config } = options;
	const pusher = new Pusher(config.key, {
		cluster: config.cluster ?? "mt1",
		...(config.wsHost === undefined ? {} : { wsHost: config.wsHost }),
		...(config.wsPort === undefined ? {} : { wsPort: config.wsPort, wssPort: config.wsPort }),
		forceTLS: config.forceTLS,
		enabledTransports: ["ws", "wss"],
		...(options.unavailableMs === undefined ? {} : { unavailableTimeout: options.unavailableMs }),
		disableStats: true,
		channelAuthorization: {
			endpoint: "/v1/realtime/auth",
			transport: "ajax",
			customHandler: (params, callback) => {
				options.authorize(params.socketId, params.channelName).then(
					(data) => callback(null, data),
					(error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
				);
			},
		},
	});
	const subscribed = new Set<string>();
	let everConnected = false;
	pusher.connection.bind("state_change", ({ current }: { previous: string; current: string }) => {
		const status: LiveStatus =
			current === "connected" ? "connected" : current === "connecting" || current === "initialized" ? (everConnected ? "reconnecting" : "connecting") : "offline";
		if (current === "connected") {
			// pusher-js resubscribes by itself; events sent while away are gone, so views read again.
			if (everConnected) callbacks.onResync();
			everConnected = true;
		}
		callbacks.onStatus(status);
		if (current === "unavailable" || current === "failed") options.onUnreachable();
	});
	return {
		setChannels(next) {
			for (const name of [...subscribed]) {
				if (next.includes(name)) continue;
				pusher.unsubscribe(name);
				subscribed.delete(name);
			}
			for (const name of next) {
				if (subscribed.has(name)) continue;
				subscribed.add(name);
				pusher.subscribe(name).bind_global((event: string, data: unknown) => {
					if (!event.startsWith("pusher:") && !event.startsWith("pusher_internal:")) callbacks.onEvent({ channel: name, event, data });
				});
			}
		},
		close() {
			pusher.disconnect();
		},
	};
}
