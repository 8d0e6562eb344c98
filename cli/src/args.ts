import { parseArgs } from "node:util";
import { isUuid } from "@toolboxai/shared/node";
import { usageError } from "./cli-error";
import { COMMAND_NAMES, COMMANDS, type CommandName, isCommandName } from "./command-table";
import { suggestion } from "./suggest";

export type Command =
	| { readonly kind: "help"; readonly command?: CommandName; readonly json: boolean }
	| { readonly kind: "version"; readonly json: boolean }
	| {
			readonly kind: "deploy";
			readonly env: string;
			readonly place: string;
			readonly assets?: string;
			readonly plan: boolean;
			readonly force: boolean;
			readonly json: boolean;
	  }
	| { readonly kind: "rollback"; readonly env: string; readonly to: string; readonly json: boolean }
	| { readonly kind: "status"; readonly deploymentId: string; readonly json: boolean }
	| { readonly kind: "environments"; readonly json: boolean }
	| { readonly kind: "whoami"; readonly json: boolean };

const ENVIRONMENT_NAME = /^[a-z0-9-]{1,32}$/;
const HELP = new Set(["help", "--help", "-h"]);
const VERSION = new Set(["version", "--version", "-v", "-V"]);
const COMMAND_LIST = `${COMMAND_NAMES.slice(0, -1).join(", ")} or ${COMMAND_NAMES[COMMAND_NAMES.length - 1]}`;

/** Whether the command line asks for JSON, read before parsing so even a usage error can answer in JSON. */
export function wantsJson(argv: ReadonlyArray<string>): boolean {
	return argv.includes("--json");
}

/** Turns node:util's parse errors into one plain sentence (its own texts suggest `--` tricks CI users never need). */
function parseFailure(err: unknown, command: CommandName): Error {
	const e = err as { code?: string; message?: string };
	const option = /'(-[^' ]+)/.exec(e.message ?? "")?.[1] ?? "";
	switch (e.code) {
		case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
			const known = Object.keys(COMMANDS[command].options).map((name) => `--${name}`);
			return usageError(`Unknown option ${option} for "${command}".${suggestion(option.split("=")[0], known)}`, command);
		}
		case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
			return usageError(`Option ${option} needs a value.`, command);
		case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
			return usageError(`Unexpected argument for "${command}": ${/'([^']*)'/.exec(e.message ?? "")?.[1] ?? ""}.`, command);
		default:
			return usageError(e.message ?? String(err), command);
	}
}

function required(values: Record<string, unknown>, name: string, command: CommandName): string {
	const value = values[name];
	if (typeof value !== "string" || value === "") throw usageError(`"${command}" needs --${name}.`, command);
	return value;
}

function environmentName(value: string, command: CommandName): string {
	if (!ENVIRONMENT_NAME.test(value)) throw usageError(`--env must be an environment name (lower-case letters, digits and -, at most 32), not "${value}".`, command);
	return value;
}

function deploymentId(value: string, what: string, command: CommandName): string {
	if (!isUuid(value)) throw usageError(`${what} must be a deployment id (a UUID such as 2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f), not "${value}".`, command);
	return value.toLowerCase();
}

function unknownCommand(name: string): Error {
	if (name.startsWith("-")) return usageError(`Give a command first (${COMMAND_LIST}), not ${name}.`);
	return usageError(`Unknown command "${name}" (${COMMAND_LIST}).${suggestion(name, COMMAND_NAMES)}`);
}

/** `help`, `help <command>`: the general text or one command's. */
function helpCommand(rest: ReadonlyArray<string>, json: boolean): Command {
	const topic = rest.find((arg) => !arg.startsWith("-"));
	if (topic === undefined) return { kind: "help", json };
	if (!isCommandName(topic)) throw unknownCommand(topic);
	return { kind: "help", command: topic, json };
}

/** The command line (without `node toolboxai`) as a Command; a usage error (exit 2) says what is wrong. */
export function parseCommand(argv: ReadonlyArray<string>): Command {
	const json = wantsJson(argv);
	const [name, ...rest] = argv;
	if (name === undefined) throw usageError(`Give a command: ${COMMAND_LIST}.`);
	if (HELP.has(name)) return helpCommand(rest, json);
	if (VERSION.has(name)) return { kind: "version", json };
	if (!isCommandName(name)) throw unknownCommand(name);
	const spec = COMMANDS[name];
	let parsed: { values: Record<string, unknown>; positionals: string[] };
	try {
		parsed = parseArgs({ args: [...rest], options: spec.options, strict: true, allowPositionals: spec.positionals > 0 });
	} catch (err) {
		// `deploy --help --colour`: help wins over a mistake next to it.
		if (rest.includes("--help")) return { kind: "help", command: name, json };
		throw parseFailure(err, name);
	}
	const { values, positionals } = parsed;
	if (values.help === true) return { kind: "help", command: name, json };
	switch (name) {
		case "deploy": {
			const assets = values.assets;
			if (assets === "") throw usageError("--assets needs a folder.", name);
			return {
				kind: "deploy",
				env: environmentName(required(values, "env", name), name),
				place: required(values, "place", name),
				assets: typeof assets === "string" ? assets : undefined,
				plan: values.plan === true,
				force: values.force === true,
				json,
			};
		}
		case "rollback":
			return { kind: "rollback", env: environmentName(required(values, "env", name), name), to: deploymentId(required(values, "to", name), "--to", name), json };
		case "status":
			if (positionals.length !== 1) throw usageError(positionals.length === 0 ? '"status" needs a deployment id.' : '"status" takes one deployment id.', name);
			return { kind: "status", deploymentId: deploymentId(positionals[0], "The deployment id", name), json };
		case "environments":
			return { kind: "environments", json };
		case "whoami":
			return { kind: "whoami", json };
	}
}
