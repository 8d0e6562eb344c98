import type { Logger } from "pino";
import type { EventBus } from "./event-bus";
import { InProcessEventBus } from "./in-process-bus";
import { RedisEventBus } from "./redis-bus";

/** Redis pub/sub when REDIS_URL is set (several instances and separate workers), in-process otherwise. */
export function createEventBus(options: { redisUrl?: string; prefix: string; logger: Logger }): EventBus {
	if (options.redisUrl === undefined) return new InProcessEventBus();
	return new RedisEventBus(options.redisUrl, `${options.prefix}:bus`, options.logger.child({ component: "event-bus" }));
}
