import type { Deployment, DeploymentPlan } from "@toolboxai/shared";
import { STEP_LABELS } from "./progress";

/** Bytes in the units people read: 512 B, 2.0 KB, 48.2 MB. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ["KB", "MB", "GB"];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(1)} ${units[unit]}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** Most upload lines a plan prints; the rest are counted (the --json output lists every one). */
export const MAX_LISTED_UPLOADS = 20;

/** A plan as a person reads it: what would be uploaded, reused, published, pushed and messaged, the calls, problems. */
export function formatPlan(plan: DeploymentPlan): string {
	const lines: string[] = [];
	lines.push(`Plan for ${plan.environment} (${plan.mode === "dry_run" ? "dry run: nothing is sent to Roblox" : "live"})`);
	if (plan.upToDate) lines.push("  Up to date: the environment already runs exactly this release (deploy with --force to publish anyway).");
	const uploadBytes = plan.uploads.reduce((sum, upload) => sum + upload.size, 0);
	lines.push(`  uploads: ${plural(plan.uploads.length, "file")}${plan.uploads.length > 0 ? ` (${formatBytes(uploadBytes)})` : ""}`);
	for (const upload of plan.uploads.slice(0, MAX_LISTED_UPLOADS)) lines.push(`    ${upload.name}  ${upload.assetType}  ${formatBytes(upload.size)}`);
	if (plan.uploads.length > MAX_LISTED_UPLOADS) lines.push(`    ... and ${plan.uploads.length - MAX_LISTED_UPLOADS} more`);
	lines.push(`  reused: ${plural(plan.reused.length, "asset")} already on Roblox`);
	lines.push(
		plan.publish === undefined
			? "  publish: nothing"
			: `  publish: place ${plan.publish.placeId} of universe ${plan.publish.universeId} (${formatBytes(plan.publish.size)}, ${plan.publish.versionType})`,
	);
	if (plan.content !== undefined) {
		lines.push(
			`  content: ${plural(plan.content.lessons.length, "lesson")} → data store ${plan.content.dataStore}, entry ${plan.content.entryId} (${formatBytes(plan.content.bytes)})`,
		);
	}
	if (plan.message !== undefined) lines.push(`  message: live servers on topic ${plan.message.topic}`);
	lines.push(`  Open Cloud calls: ${plan.totalCalls}`);
	for (const call of plan.calls) lines.push(`    ${call.method} ${call.path} ×${call.count}  ${call.why}`);
	const problems = plan.problems;
	if (plan.filesToSend.length > 0) lines.push(`  to upload to ToolBoxAI first (the deploy does it): ${plural(plan.filesToSend.length, "file")}`);
	if (problems.length === 0) lines.push("  problems: none");
	else {
		lines.push(`  problems: ${problems.length}`);
		for (const problem of problems) lines.push(`    - ${problem}`);
	}
	return `${lines.join("\n")}\n`;
}

/** The last word on a deployment: what ran, where, and how it ended (with the service's error code). */
export function formatDeploymentSummary(deployment: Deployment): string {
	const what = deployment.kind === "rollback" ? "Rollback" : "Deployment";
	const where = `release #${deployment.releaseNumber} → ${deployment.environment}${deployment.dryRun ? " (dry run)" : ""}`;
	const lines = [`${what} ${deployment.id}: ${deployment.status}, ${where}`];
	if (deployment.rollbackOf !== undefined) lines.push(`  rolls back to deployment ${deployment.rollbackOf}`);
	if (deployment.placeVersion !== undefined && deployment.status === "succeeded") lines.push(`  place version ${deployment.placeVersion}`);
	if (deployment.error !== undefined) lines.push(`  error ${deployment.error.code}: ${deployment.error.message}`);
	return `${lines.join("\n")}\n`;
}

/** A deployment with its steps, for `toolboxai status`. */
export function formatDeploymentDetail(deployment: Deployment): string {
	const steps = deployment.steps.map((step) => {
		const count = step.total > 0 || step.done > 0 ? ` ${step.done}/${step.total}` : "";
		return `  ${STEP_LABELS[step.name]}: ${step.status}${count}${step.detail === undefined ? "" : ` (${step.detail})`}`;
	});
	return `${formatDeploymentSummary(deployment)}${steps.length === 0 ? "" : `${steps.join("\n")}\n`}`;
}

/** The --json error body. */
export function jsonError(code: string, message: string): string {
	return `${JSON.stringify({ error: { code, message } })}\n`;
}
