import { countOutboundSend } from "../../observability/metrics";
import type { Logger } from "pino";
import type { EventBus } from "../events/event-bus";
import type { PusherChannels } from "./pusher-channels";
import { REALTIME_TOPIC, toRealtimeMessage } from "./realtime-message";

export interface RealtimePublisherOptions {
	readonly bus: EventBus;
	/** Set when PUSHER_* are: events go to Pusher as well as to the service's own streams. */
	readonly pusher?: PusherChannels;
	readonly logger: Logger;
}

/**
 * Publishing is best effort, after the change it reports has committed: `publish` never rejects. A live update is a
 * courtesy on top of state the client can always read (a reload, the list endpoints), so a Redis or Pusher outage
 * must never fail a deployment step, a lesson publish or a progress fold; it is logged instead. The same event goes
 * to the bus (every instance's streams: the embedded default and the fallback when Pusher is unreachable) and to
 * Pusher when configured.
 */
export function createRealtimePublisher(options: RealtimePublisherOptions) {
	const { bus, pusher, logger } = options;
	return {
		driver: pusher === undefined ? ("stream" as const) : ("pusher" as const),
		async publish(channel: string, event: string, data: unknown): Promise<void> {
			let message: ReturnType<typeof toRealtimeMessage>;
			try {
				message = toRealtimeMessage(channel, event, data);
			} catch (error) {
				return void logger.error({ err: error, channel, event }, "realtime event not sent: it breaks its contract");
			}
			const sent = await Promise.allSettled([bus.publish(REALTIME_TOPIC, message), pusher?.trigger(channel, event, message.data)]);
			const [toBus, toPusher] = sent;
			if (toBus?.status === "rejected") logger.warn({ err: toBus.reason, channel, event }, "realtime event not sent to the event bus");
			if (toPusher?.status === "rejected") logger.warn({ err: toPusher.reason, channel, event }, "realtime event not sent to Pusher");
			countOutboundSend("realtime", toBus?.status === "rejected" || toPusher?.status === "rejected" ? "failed" : "sent");
		},
	};
}
