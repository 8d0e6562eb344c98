import { PROTOCOL_VERSION, type Meta } from "@toolboxai/shared";
import { SERVER_VERSION } from "./server-version";

/** What a client needs to decide whether it can talk to this server (plugin and game check the major). */
export function getMeta(options: { now?: Date; demoSignIn?: Meta["demoSignIn"] } = {}): Meta {
	return {
		protocolVersion: PROTOCOL_VERSION,
		serverVersion: SERVER_VERSION,
		serverTime: (options.now ?? new Date()).toISOString(),
		...(options.demoSignIn === undefined ? {} : { demoSignIn: options.demoSignIn }),
	};
}
