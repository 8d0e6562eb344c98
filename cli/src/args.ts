import { parseArgs } from "node:util";
import { isUuid } from "@toolboxai/shared/node";
import { usageError } from "./cli-error";

export type Command =
	| { readonly kind: "help" }
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
	| { readonly kind: "status"; readonly deploymentId: string; readonly json: boolean };

const ENVIRONMENT_NAME = /^[a-z0-9-]{1,32}$/;

type OptionSpec = Record<string, { type: "string" | "boolean" }>;
const COMMON: OptionSpec = { json: { type: "boolean" }, help: { type: "boolean" } };
const OPTIONS: Record<"deploy" | "rollback" | "status", OptionSpec> = {
	deploy: { ...COMMON, env: { type: "string" }, place: { type: "string" }, assets: { type: "string" }, plan: { type: "boolean" }, force: { type: "boolean" } },
	rollback: { ...COMMON, env: { type: "string" }, to: { type: "string" } },
	status: COMMON,
};

/** Whether the command line asks for JSON, read before parsing so even a usage error can answer in JSON. */
export function wantsJson(argv: ReadonlyArray<string>): boolean {
	return argv.includes("--json");
}

/** Turns node:util's parse errors into one plain sentence (its own texts suggest `--` tricks CI users never need). */
function parseFailure(err: unknown, command: string): Error {
	const e = err as { code?: string; message?: string };
	const option = /'(-[^' ]+)/.exec(e.message ?? "")?.[1];
	switch (e.code) {
		case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
			return usageError(`Unknown option ${option ?? ""} for "${command}".`.replace("  ", " "));
		case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
			return usageError(`Option ${option ?? ""} needs a value.`.replace("  ", " "));
		case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
			return usageError(`Unexpected argument for "${command}": ${/'([^']*)'/.exec(e.message ?? "")?.[1] ?? ""}.`);
		default:
			return usageError(e.message ?? String(err));
	}
}

function required(values: Record<string, unknown>, name: string, command: string): string {
	const value = values[name];
	if (typeof value !== "string" || value === "") throw usageError(`"${command}" needs --${name}.`);
	return value;
}

function environmentName(value: string): string {
	if (!ENVIRONMENT_NAME.test(value)) throw usageError(`--env must be an environment name (lower-case letters, digits and -, at most 32), not "${value}".`);
	return value;
}

function deploymentId(value: string, what: string): string {
	if (!isUuid(value)) throw usageError(`${what} must be a deployment id (a UUID such as 2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f), not "${value}".`);
	return value.toLowerCase();
}

/** The command line (without `node toolboxai`) as a Command; a usage error (exit 2) says what is wrong. */
export function parseCommand(argv: ReadonlyArray<string>): Command {
	const [name, ...rest] = argv;
	if (name === undefined) throw usageError("Give a command: deploy, rollback or status.");
	if (name === "--help" || name === "-h" || name === "help") return { kind: "help" };
	if (name !== "deploy" && name !== "rollback" && name !== "status") {
		throw usageError(name.startsWith("-") ? `Give a command first (deploy, rollback or status), not ${name}.` : `Unknown command "${name}" (deploy, rollback or status).`);
	}
	let parsed: { values: Record<string, unknown>; positionals: string[] };
	try {
		parsed = parseArgs({ args: [...rest], options: OPTIONS[name], strict: true, allowPositionals: name === "status" });
	} catch (err) {
		throw parseFailure(err, name);
	}
	const { values, positionals } = parsed;
	if (values.help === true) return { kind: "help" };
	const json = values.json === true;
	if (name === "deploy") {
		const assets = values.assets;
		if (assets === "") throw usageError("--assets needs a folder.");
		return {
			kind: "deploy",
			env: environmentName(required(values, "env", name)),
			place: required(values, "place", name),
			assets: typeof assets === "string" ? assets : undefined,
			plan: values.plan === true,
			force: values.force === true,
			json,
		};
	}
	if (name === "rollback") {
		return { kind: "rollback", env: environmentName(required(values, "env", name)), to: deploymentId(required(values, "to", name), "--to"), json };
	}
	if (positionals.length !== 1) throw usageError(positionals.length === 0 ? '"status" needs a deployment id.' : '"status" takes one deployment id.');
	return { kind: "status", deploymentId: deploymentId(positionals[0], "The deployment id"), json };
}
