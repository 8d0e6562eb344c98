import type { RealtimeConfig } from "@toolboxai/shared";
import type { Config } from "../../config/config";

/** What clients need to choose a transport: Pusher's public key and host when configured, the service's stream otherwise. */
export function realtimeConfig(config: Pick<Config, "pusher">): RealtimeConfig {
	const pusher = config.pusher;
	if (pusher === undefined) return { transport: "sse" };
	return {
		transport: "pusher",
		pusher: {
			key: pusher.key,
			...(pusher.cluster === undefined ? {} : { cluster: pusher.cluster }),
			...(pusher.host === undefined ? {} : { wsHost: pusher.host }),
			...(pusher.port === undefined ? {} : { wsPort: pusher.port }),
			forceTLS: pusher.useTLS,
		},
	};
}
