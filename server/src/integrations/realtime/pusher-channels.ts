import Pusher from "pusher";
import type { PusherSettings } from "../../config/config";

/** What the service does with Pusher Channels: trigger events, sign private channel subscriptions. */
export interface PusherChannels {
	trigger(channel: string, event: string, data: unknown): Promise<void>;
	/** pusher-js's channelAuthorization answer: `{auth: "<key>:<hex HMAC-SHA256(secret, socket_id:channel)>"}`. */
	authorizeChannel(socketId: string, channel: string): { auth: string };
}

/** The real `pusher` SDK, on a cluster or on a Pusher-compatible host. A trigger gives up after 5 s (it is best effort). */
export function createPusherChannels(settings: PusherSettings): PusherChannels {
	const base = { appId: settings.appId, key: settings.key, secret: settings.secret, useTLS: settings.useTLS, timeout: 5000 };
	const pusher =
		settings.host === undefined
			? new Pusher({ ...base, cluster: settings.cluster ?? "mt1" })
			: new Pusher({ ...base, host: settings.host, ...(settings.port === undefined ? {} : { port: String(settings.port) }) });
	return {
		async trigger(channel, event, data) {
			await pusher.trigger(channel, event, data);
		},
		authorizeChannel(socketId, channel) {
			return { auth: pusher.authorizeChannel(socketId, channel).auth };
		},
	};
}
