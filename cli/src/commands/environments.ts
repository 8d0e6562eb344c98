import type { Environment } from "@toolboxai/shared";
import type { CommandContext, CommandOutcome } from "./command-context";

function describe(environment: Environment): string {
	const mode = environment.mode === "live" ? "live" : "dry run (no Open Cloud key)";
	const lacking = environment.openCloudKey.missingScopes.length > 0 ? `; its key lacks ${environment.openCloudKey.missingScopes.join(", ")}` : "";
	return `${environment.name}  universe ${environment.universeId}, place ${environment.placeId}, ${mode}${lacking}`;
}

/** `toolboxai environments`: where the key's school can deploy, one line each. */
export async function environments(context: CommandContext): Promise<CommandOutcome> {
	const list = await context.api.listEnvironments();
	const text =
		list.items.length === 0 ? "This school has no environments yet. A school admin makes them on the dashboard's Deployments page.\n" : `${list.items.map(describe).join("\n")}\n`;
	return { exitCode: 0, result: list, text };
}
