import { PROTOCOL_VERSION } from "./contracts/meta";
import type { ValueHost } from "./schema/host";

export interface VersionCheck {
	readonly compatible: boolean;
	/** Plain words for a person when not compatible, naming both versions. */
	readonly message: string;
}

/** The leading MAJOR number of a version text, or -1 when there is none. */
function majorOf(host: ValueHost, version: string): number {
	const codes = host.asciiCodes(version);
	if (codes === undefined) return -1;
	let major = -1;
	for (const c of codes) {
		if (c < 48 || c > 57) break;
		major = (major < 0 ? 0 : major * 10) + (c - 48);
	}
	return major;
}

/** Rojo's rule: same MAJOR protocol version or refuse, and say so with both versions. */
export function checkProtocolWith(host: ValueHost, serverVersion: string, clientVersion: string = PROTOCOL_VERSION): VersionCheck {
	const server = majorOf(host, serverVersion);
	const client = majorOf(host, clientVersion);
	if (server >= 0 && server === client) return { compatible: true, message: "" };
	const advice =
		server > client ? "The server is newer: update the ToolBoxAI plugin or game modules." : "The server is older: ask your administrator to update the ToolBoxAI service.";
	return {
		compatible: false,
		message: `Cannot use this server: it speaks ToolBoxAI protocol ${serverVersion}, this copy speaks ${clientVersion}. ${advice}`,
	};
}
