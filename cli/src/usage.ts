import { COMMAND_NAMES, COMMANDS, type CommandName } from "./command-table";

const ENVIRONMENT = `Environment:
  TOOLBOXAI_URL      the ToolBoxAI service (default http://localhost:8080)
  TOOLBOXAI_API_KEY  an API key with the deployments:write scope (required)`;

const EXIT_CODES = "Exit codes: 0 success, 1 the deployment or plan failed or the service refused, 2 usage or configuration error.";

/** `toolboxai --help`: every command in a line, then where the key and the service come from. */
export const USAGE = `Usage: toolboxai <command> [options]

Commands:
${COMMAND_NAMES.map((name) => `  ${name.padEnd(13)} ${COMMANDS[name].summary}`).join("\n")}

Run \`toolboxai help <command>\` (or \`toolboxai <command> --help\`) for its options.

Options:
  --json     print only JSON on stdout: the result, or {"error": {"code", "message"}}
  --help     show help
  --version  show the version

${ENVIRONMENT}

${EXIT_CODES}
`;

/** `toolboxai help deploy`: the command's usage line, what it does, its options. */
export function commandHelp(name: CommandName): string {
	const spec = COMMANDS[name];
	return `Usage: ${spec.usage}

${spec.details.join("\n")}
  --json           print only JSON on stdout

${ENVIRONMENT}

${EXIT_CODES}
`;
}

/** Under a usage error: the one line of usage that applies, and where the rest is. */
export function usageHint(name: string | undefined): string {
	if (name !== undefined && Object.hasOwn(COMMANDS, name)) {
		return `Usage: ${COMMANDS[name as CommandName].usage}\nRun \`toolboxai help ${name}\` for more.\n`;
	}
	return "Usage: toolboxai <command> [options]\nRun `toolboxai help` for the commands.\n";
}
