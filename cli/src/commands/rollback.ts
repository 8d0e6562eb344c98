import type { Command } from "../args";
import { followDeployment } from "../follow-deployment";
import type { CommandContext, CommandOutcome } from "./command-context";
import { deploymentOutcome } from "./deploy";

/** `toolboxai rollback`: redeploy the release of an earlier deployment (the service checks it is this environment's), and follow it. */
export async function rollback(command: Extract<Command, { kind: "rollback" }>, context: CommandContext): Promise<CommandOutcome> {
	const started = await context.api.rollback(command.to, command.env);
	const final = await followDeployment({ api: context.api, first: started, sleep: context.sleep, pollMs: context.pollMs, onUpdate: (d) => context.board.showDeployment(d) });
	context.board.finish();
	return deploymentOutcome(final);
}
