import type { Command } from "../args";
import { formatDeploymentDetail } from "../output/format";
import type { CommandContext, CommandOutcome } from "./command-context";

/** `toolboxai status`: one reading; only a failed deployment exits 1 (queued and running are not failures yet). */
export async function status(command: Extract<Command, { kind: "status" }>, context: CommandContext): Promise<CommandOutcome> {
	const deployment = await context.api.getDeployment(command.deploymentId);
	return { exitCode: deployment.status === "failed" ? 1 : 0, result: deployment, text: formatDeploymentDetail(deployment) };
}
