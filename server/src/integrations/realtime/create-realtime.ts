import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { PusherSettings } from "../../config/config";
import type { Realtime } from "../../infrastructure.types";
import type { EventBus } from "../events/event-bus";
import { createPusherChannels } from "./pusher-channels";
import { createRealtimePublisher } from "./publisher";
import { StreamHub, type StreamHubOptions } from "./stream-hub";
import { MemoryTicketStore, RedisTicketStore } from "./ticket-store";

export interface RealtimeOptions {
	readonly bus: EventBus;
	readonly pusher?: PusherSettings;
	/** Tickets are shared through Redis when there is one (a ticket from one instance opens a stream on another). */
	readonly redis?: Redis;
	readonly prefix: string;
	readonly logger: Logger;
	readonly streams?: StreamHubOptions;
}

/** Live updates as the infrastructure holds them: Pusher when configured, this instance's streams always. */
export function createRealtime(options: RealtimeOptions): Realtime {
	const pusher = options.pusher === undefined ? undefined : createPusherChannels(options.pusher);
	const publisher = createRealtimePublisher({ bus: options.bus, pusher, logger: options.logger.child({ component: "realtime" }) });
	return {
		driver: publisher.driver,
		publish: publisher.publish,
		...(pusher === undefined ? {} : { authorizeChannel: (socketId: string, channel: string) => pusher.authorizeChannel(socketId, channel) }),
		streams: new StreamHub(options.bus, options.streams),
		tickets: options.redis === undefined ? new MemoryTicketStore() : new RedisTicketStore(options.redis, `${options.prefix}:stream-tickets:`),
	};
}
