import type { Deployment, DeploymentPlan, DeploymentStep, Environment, Release } from "@toolboxai/shared";
import type { DeployViewState } from "./deploy-view";

/** What each recorded step is called in the panel (the same words as the CLI). */
const STEP_LABELS: Record<DeploymentStep["name"], string> = {
	upload_assets: "Upload assets to Roblox",
	wait_for_assets: "Wait for Roblox",
	publish_place: "Publish the place",
	push_content: "Push lesson content",
	message_servers: "Tell live servers",
};

/** "2026-11-25T14:03:09.123Z" -> "2026-11-25 14:03" (UTC, as the service writes it). */
export function shortTime(timestamp: string): string {
	const [text] = timestamp.sub(1, 16).gsub("T", " ");
	return text;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** "staging · dry run" / "production · live". */
export function environmentLabel(environment: Environment): string {
	return `${environment.name} · ${environment.mode === "dry_run" ? "dry run" : "live"}`;
}

/** "Release #3 · ready · 12 assets · 2026-11-25 14:00". */
export function releaseLabel(release: Release): string {
	const notes = release.notes === undefined || release.notes === "" ? "" : ` · ${release.notes.sub(1, 40)}`;
	return `Release #${release.number} · ${release.status} · ${plural(release.assets.size(), "asset")} · ${shortTime(release.createdAt)}${notes}`;
}

/** A plan in a few lines: uploads, reused, publish, calls, problems. */
export function planText(plan: DeploymentPlan): string {
	const lines = new Array<string>();
	lines.push(`Plan for ${plan.environment} (${plan.mode === "dry_run" ? "dry run: nothing is sent to Roblox" : "live"})`);
	if (plan.upToDate) lines.push("Already up to date: this environment runs exactly this release.");
	lines.push(`Uploads: ${plural(plan.uploads.size(), "file")} · reused: ${plural(plan.reused.size(), "asset")}`);
	if (plan.publish !== undefined) lines.push(`Publish: place ${plan.publish.placeId} of universe ${plan.publish.universeId}`);
	if (plan.content !== undefined) lines.push(`Lesson content: ${plural(plan.content.lessons.size(), "lesson")}`);
	if (plan.message !== undefined) lines.push("Live servers are told to reload.");
	lines.push(`Open Cloud calls: ${plan.totalCalls}`);
	if (plan.problems.size() === 0) lines.push("No problems.");
	else for (const problem of plan.problems) lines.push(`Problem: ${problem}`);
	return lines.join("\n");
}

/** One step's line: "Upload assets to Roblox: done 3/3 (detail)". */
export function stepLine(step: DeploymentStep): string {
	const count = step.total > 0 || step.done > 0 ? ` ${step.done}/${step.total}` : "";
	return `${STEP_LABELS[step.name]}: ${step.status}${count}${step.detail === undefined ? "" : ` (${step.detail})`}`;
}

/** A watched deployment: its state, each step, and how it ended. */
export function deploymentText(deployment: Deployment): string {
	const what = deployment.kind === "rollback" ? "Rollback" : "Deploy";
	const lines = [`${what} of release #${deployment.releaseNumber} to ${deployment.environment}${deployment.dryRun ? " (dry run)" : ""}: ${deployment.status}`];
	for (const step of deployment.steps) lines.push(stepLine(step));
	if (deployment.status === "succeeded" && deployment.placeVersion !== undefined) lines.push(`Place version ${deployment.placeVersion}.`);
	if (deployment.error !== undefined) lines.push(`Failed: ${deployment.error.message} (${deployment.error.code})`);
	return lines.join("\n");
}

/** A history row: "#3 deploy · succeeded · 2026-11-25 14:00". */
export function historyRowText(deployment: Deployment): string {
	return `#${deployment.releaseNumber} ${deployment.kind} · ${deployment.status}${deployment.dryRun ? " · dry run" : ""} · ${shortTime(deployment.createdAt)}`;
}

/** The view's headline, for the status line. */
export function headline(state: DeployViewState): string {
	switch (state.status) {
		case "signed_out":
			return state.message ?? "Sign in to ToolBoxAI to deploy.";
		case "no_permission":
		case "error":
			return state.message ?? "Something went wrong.";
		case "loading":
			return "Loading environments and releases...";
		case "ready":
			return state.message ?? (state.busy ? "Working..." : "Pick an environment and a release, then Show plan or Deploy.");
	}
}
