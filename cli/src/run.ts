import { DeploymentsApi } from "./api/deployments-api";
import { realSleep, ServiceClient, type Sleep } from "./api/service-client";
import { type Command, parseCommand, wantsJson } from "./args";
import { CliError } from "./cli-error";
import type { CommandContext, CommandOutcome } from "./commands/command-context";
import { deploy } from "./commands/deploy";
import { environments } from "./commands/environments";
import { rollback } from "./commands/rollback";
import { status } from "./commands/status";
import { explainUnknownEnvironment } from "./commands/unknown-environment";
import { whoami } from "./commands/whoami";
import { type CliConfig, readConfig } from "./config";
import { jsonError } from "./output/format";
import { ProgressBoard, type ProgressRenderer } from "./output/progress";
import { LineRenderer, SilentRenderer, TtyRenderer } from "./output/renderers";
import { commandHelp, USAGE, usageHint } from "./usage";
import { CLI_VERSION } from "./version";

export interface OutputStream {
	write(text: string): unknown;
	readonly isTTY?: boolean;
	readonly columns?: number;
}

/** The process around the CLI: injected so unit tests run it without a process of its own. */
export interface CliIo {
	readonly stdout: OutputStream;
	readonly stderr: OutputStream;
	readonly env: NodeJS.ProcessEnv;
	readonly sleep?: Sleep;
	readonly fetch?: typeof fetch;
	readonly pollMs?: number;
}

/** Progress goes to stderr (stdout is for the result): redrawn on a terminal, line by line in a CI log, none with --json. */
export function chooseRenderer(json: boolean, stderr: OutputStream): ProgressRenderer {
	if (json) return new SilentRenderer();
	// A pseudo-terminal may report 0 columns: take a usual width then.
	if (stderr.isTTY === true) return new TtyRenderer(stderr, () => (stderr.columns !== undefined && stderr.columns >= 20 ? stderr.columns : 80));
	return new LineRenderer(stderr);
}

type ServiceCommand = Exclude<Command, { kind: "help" } | { kind: "version" }>;

async function execute(command: ServiceCommand, context: CommandContext, config: CliConfig): Promise<CommandOutcome> {
	switch (command.kind) {
		case "deploy":
			return deploy(command, context).catch(async (error: unknown) => Promise.reject(await explainUnknownEnvironment(error, command.env, context.api)));
		case "rollback":
			return rollback(command, context).catch(async (error: unknown) => Promise.reject(await explainUnknownEnvironment(error, command.env, context.api)));
		case "status":
			return status(command, context);
		case "environments":
			return environments(context);
		case "whoami":
			return whoami({ ...context, url: config.url });
	}
}

/** Help and the version need neither the service nor a key. */
function answerLocally(command: Extract<Command, { kind: "help" } | { kind: "version" }>): { result: unknown; text: string } {
	if (command.kind === "version") return { result: { version: CLI_VERSION }, text: `toolboxai ${CLI_VERSION}\n` };
	const text = command.command === undefined ? USAGE : commandHelp(command.command);
	return { result: { command: command.command ?? null, help: text }, text };
}

/** Runs one command line and answers its exit code: 0 success, 1 failed or refused, 2 usage or configuration. */
export async function run(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
	const json = wantsJson(argv);
	let renderer: ProgressRenderer | undefined;
	try {
		const command = parseCommand(argv);
		if (command.kind === "help" || command.kind === "version") {
			const answer = answerLocally(command);
			io.stdout.write(json ? `${JSON.stringify(answer.result, null, 2)}\n` : answer.text);
			return 0;
		}
		const config = readConfig(io.env);
		renderer = chooseRenderer(json, io.stderr);
		const board = new ProgressBoard(renderer);
		const sleep = io.sleep ?? realSleep;
		const client = new ServiceClient(config, {
			sleep,
			fetch: io.fetch,
			onRateLimited: (waitMs, path) => board.note(`The service asked to slow down (${path}): waiting ${(waitMs / 1000).toFixed(1)} s.`),
		});
		const outcome = await execute(command, { api: new DeploymentsApi(client), board, sleep, pollMs: io.pollMs }, config);
		io.stdout.write(json ? `${JSON.stringify(outcome.result, null, 2)}\n` : outcome.text);
		return outcome.exitCode;
	} catch (err) {
		renderer?.finish();
		const known = err instanceof CliError ? err : new CliError("service", "internal", `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
		if (json) io.stdout.write(jsonError(known.code, known.message));
		// A usage error is short: the mistake, the one usage line that applies, and where the rest is.
		if (known.kind === "usage" && !json) io.stderr.write(`toolboxai: ${known.message}\n${usageHint(known.command)}`);
		else if (!json) io.stderr.write(`toolboxai: ${known.kind === "service" ? `${known.code}: ` : ""}${known.message}\n`);
		return known.exitCode;
	}
}
