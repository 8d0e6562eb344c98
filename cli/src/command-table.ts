/**
 * Every command the CLI knows: its one-line usage (printed under a usage error), what it does and its options
 * (printed by `toolboxai help <command>` and `<command> --help`), and the options node:util parses for it.
 */
export type CommandName = "deploy" | "rollback" | "status" | "environments" | "whoami";

export interface CommandSpec {
	readonly usage: string;
	readonly summary: string;
	readonly details: ReadonlyArray<string>;
	readonly options: Readonly<Record<string, { readonly type: "string" | "boolean" }>>;
	readonly positionals: number;
}

const COMMON = { json: { type: "boolean" }, help: { type: "boolean" } } as const;

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
	deploy: {
		usage: "toolboxai deploy --env <name> --place <file.rbxl> [--assets <dir>] [--plan] [--force] [--json]",
		summary: "deploy the place and its assets to an environment, and follow it",
		details: [
			"Hash the place file and every file under --assets, upload the files the service does not hold yet,",
			"deploy the release to the environment and follow it until it succeeds or fails.",
			"  --env <name>     the environment (see `toolboxai environments`)",
			"  --place <file>   the place file (.rbxl or .rbxlx)",
			"  --assets <dir>   a folder of assets: png, jpg, jpeg, bmp, tga (Image); mp3, ogg, wav, flac (Audio);",
			'                   rbxm, rbxmx, fbx, glb, gltf (Model), each named by its path under it ("." files skipped)',
			"  --plan           only show what a deploy would upload, publish and call (nothing is uploaded); exit 1",
			"                   when the plan has a problem a deploy would not fix",
			"  --force          publish even when the environment already runs this exact release",
		],
		options: { ...COMMON, env: { type: "string" }, place: { type: "string" }, assets: { type: "string" }, plan: { type: "boolean" }, force: { type: "boolean" } },
		positionals: 0,
	},
	rollback: {
		usage: "toolboxai rollback --env <name> --to <deploymentId> [--json]",
		summary: "redeploy the release of an earlier deployment, and follow it",
		details: ["Redeploy the release of an earlier deployment of that environment, as a new deployment, and follow it."],
		options: { ...COMMON, env: { type: "string" }, to: { type: "string" } },
		positionals: 0,
	},
	status: {
		usage: "toolboxai status <deploymentId> [--json]",
		summary: "show a deployment once",
		details: ["Show a deployment once: exit 0 when queued, running or succeeded, 1 when failed."],
		options: COMMON,
		positionals: 1,
	},
	environments: {
		usage: "toolboxai environments [--json]",
		summary: "list the school's environments",
		details: ["List the environments the key's school can deploy to: name, experience, place, and whether deploys are live or dry runs."],
		options: COMMON,
		positionals: 0,
	},
	whoami: {
		usage: "toolboxai whoami [--json]",
		summary: "show the API key's school and scopes",
		details: ["Show which school TOOLBOXAI_API_KEY belongs to, its name and scopes, and whether it can deploy."],
		options: COMMON,
		positionals: 0,
	},
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(COMMANDS, name);
}
