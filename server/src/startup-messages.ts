/**
 * What main.ts tells the person or the log collector once the service listens: its address, the embedded parts,
 * and on the embedded default's first run the demo sign-in. A person at a terminal gets a short block; a log
 * collector gets JSON lines; production never gets the demo password (only where it is kept).
 */
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config/config";
import { embeddedParts } from "./config/embedded-parts";
import { type DemoSignIn, demoSignInFile } from "./modules/tenancy";

export interface StartupOutput {
	readonly logger: Logger;
	readonly config: Config;
	/** Readable output for a person at a terminal (see logging/human-output.ts). */
	readonly human: boolean;
	readonly write?: (text: string) => void;
}

/** The short block a person reads on the terminal: where to go and how to sign in. */
export function demoSignInBlock(url: string, demo: DemoSignIn, file: string): string {
	return [
		"",
		`  ToolBoxAI is ready: ${url}/`,
		"",
		`  Demo school "${demo.school}": sign in at ${url}/sign-in`,
		`    email     ${demo.email}`,
		`    password  ${demo.password}`,
		`  (kept in ${file})`,
		"",
		"",
	].join("\n");
}

export function announce(output: StartupOutput, address: AddressInfo, demo: DemoSignIn | undefined): void {
	const { logger, config } = output;
	// PORT=0 picks a free port: the configured URL cannot know it, the bound address does.
	const url = config.port === 0 ? `http://localhost:${address.port}` : config.publicUrl;
	logger.info({ url, host: address.address, port: address.port }, `ToolBoxAI server listening on ${url} (API docs: ${url}/docs)`);
	const embedded = embeddedParts(config);
	if (embedded.length > 0) {
		const parts = embedded.map((p) => `${p.name} is ${p.description} (set ${p.setting} for the real thing)`).join("; ");
		logger.info({ embedded: embedded.map((p) => p.setting) }, `running on embedded parts: ${parts}`);
	}
	if (demo === undefined) return;
	const file = demoSignInFile(config.dataDir);
	if (config.nodeEnv === "production") {
		// ALLOW_EMBEDDED=true in production: the sign-in stays in its private file, never in a log that leaves the machine.
		logger.info({ dashboard: url, email: demo.email, signInFile: file }, `dashboard: ${url}/ — sign in to "${demo.school}" as ${demo.email}; the password is in ${file}`);
		return;
	}
	if (output.human) {
		(output.write ?? ((text: string) => process.stdout.write(text)))(demoSignInBlock(url, demo, file));
		return;
	}
	logger.info({ dashboard: url, email: demo.email, signInFile: file }, `dashboard: ${url}/ — sign in to "${demo.school}" as ${demo.email} with password ${demo.password}`);
}

/** One line for a port another process holds: the cause and the fix, no stack trace. */
export function portInUseMessage(config: Pick<Config, "host" | "port">): string {
	return `Cannot start: port ${config.port} on ${config.host} is already in use (is ToolBoxAI already running?). Stop that process or set PORT to another port.`;
}
