import type { Deployment } from "@toolboxai/shared";
import type { Command } from "../args";
import { CliError } from "../cli-error";
import { followDeployment } from "../follow-deployment";
import { buildManifest } from "../manifest/build-manifest";
import { formatDeploymentSummary, formatPlan } from "../output/format";
import { uploadMissing } from "../upload-missing";
import type { CommandContext, CommandOutcome } from "./command-context";

type DeployCommand = Extract<Command, { kind: "deploy" }>;

/** Ends a followed deployment: exit 0 only if it succeeded. */
export function deploymentOutcome(deployment: Deployment): CommandOutcome {
	return { exitCode: deployment.status === "succeeded" ? 0 : 1, result: deployment, text: formatDeploymentSummary(deployment) };
}

/**
 * `toolboxai deploy`: hash → ask the plan for the manifest (nothing stored yet: an unknown environment or a problem
 * no upload fixes stops here, before any upload) → with --plan, print it and stop → if the environment already runs
 * exactly this content, say "nothing changed" and stop (unless --force) → declare the release (an identical one is
 * the existing release, not a new number) → upload what
 * the service misses → start the deployment → follow it to the end.
 */
export async function deploy(command: DeployCommand, context: CommandContext): Promise<CommandOutcome> {
	const { api, board } = context;
	const local = await buildManifest({
		place: command.place,
		assets: command.assets,
		onProgress: (done, total) => board.set({ key: "hash", label: "hash files", status: done === total ? "done" : "running", done, total }),
	});

	board.set({ key: "plan", label: "plan", status: "running" });
	const plan = await api.plan({ environment: command.env, release: local.manifest, force: command.force || undefined });
	// Files the service lacks are in plan.filesToSend, not problems: the deploy sends them first.
	const blocking = plan.problems;
	board.set({ key: "plan", label: "plan", status: blocking.length > 0 ? "failed" : "done", detail: plan.upToDate ? "up to date" : undefined });
	if (command.plan) {
		board.finish();
		return { exitCode: blocking.length > 0 ? 1 : 0, result: plan, text: formatPlan(plan) };
	}
	if (blocking.length > 0) {
		throw new CliError("service", "validation_failed", `The release cannot be deployed to ${command.env}: ${blocking.join(" ")}`);
	}
	if (plan.upToDate && !command.force) {
		board.finish();
		return { exitCode: 0, result: plan, text: `Nothing changed: ${command.env} already runs this release (--force deploys it again).` };
	}

	board.set({ key: "release", label: "declare the release", status: "running" });
	const release = await api.createRelease(local.manifest);
	board.set({ key: "release", label: "declare the release", status: "done", detail: `release #${release.number}, ${release.missingFiles.length} to upload` });
	await uploadMissing({
		api,
		release,
		pathsBySha: local.pathsBySha,
		onProgress: (done, total) =>
			board.set({ key: "upload", label: "upload files to ToolBoxAI", status: done === total ? (total === 0 ? "skipped" : "done") : "running", done, total }),
	});

	const started = await api.createDeployment({ environment: command.env, releaseId: release.id, force: command.force || undefined });
	const final = await followDeployment({ api, first: started, sleep: context.sleep, pollMs: context.pollMs, onUpdate: (d) => board.showDeployment(d) });
	board.finish();
	return deploymentOutcome(final);
}
