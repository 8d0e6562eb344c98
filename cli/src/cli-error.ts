/**
 * Every way the CLI stops early, with the exit code it means: 2 for a usage or configuration mistake (the command
 * line or the environment is wrong; nothing was sent), 1 for everything the service or the network refused.
 */
export type CliErrorKind = "usage" | "config" | "service" | "unreachable" | "bad_reply";

export class CliError extends Error {
	constructor(
		readonly kind: CliErrorKind,
		/** The service's stable code (e.g. not_found), or the CLI's own: usage, config, unreachable, bad_reply. */
		readonly code: string,
		message: string,
		/** HTTP status, when the service answered. */
		readonly status?: number,
		/** For a usage error: the command it is about, whose one-line usage goes under the message. */
		readonly command?: string,
	) {
		super(message);
		this.name = "CliError";
	}

	get exitCode(): 1 | 2 {
		return this.kind === "usage" || this.kind === "config" ? 2 : 1;
	}
}

export function usageError(message: string, command?: string): CliError {
	return new CliError("usage", "usage", message, undefined, command);
}
