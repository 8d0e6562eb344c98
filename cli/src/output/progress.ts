import type { Deployment, DeploymentStep } from "@toolboxai/shared";

export type RowStatus = DeploymentStep["status"];

/** One line of the progress display: the CLI's own phases (hash, upload) and each recorded deployment step. */
export interface ProgressRow {
	readonly key: string;
	readonly label: string;
	readonly status: RowStatus;
	readonly done?: number;
	readonly total?: number;
	readonly detail?: string;
}

/** Where progress goes: a redrawn block on a terminal, one line per change otherwise, nothing with --json. */
export interface ProgressRenderer {
	update(rows: ReadonlyArray<ProgressRow>): void;
	/** A message that stays above the block (e.g. a 429 wait). */
	note(text: string): void;
	finish(): void;
}

/** What the deployment steps are called on screen. */
export const STEP_LABELS: Readonly<Record<DeploymentStep["name"], string>> = {
	upload_assets: "upload assets to Roblox",
	wait_for_assets: "wait for Roblox",
	publish_place: "publish the place",
	push_content: "push lesson content",
	message_servers: "tell live servers",
};

/** Keeps the rows in order and hands the whole list to the renderer on each change. */
export class ProgressBoard {
	private readonly rows = new Map<string, ProgressRow>();

	constructor(private readonly renderer: ProgressRenderer) {}

	set(row: ProgressRow): void {
		this.rows.set(row.key, row);
		this.renderer.update([...this.rows.values()]);
	}

	note(text: string): void {
		this.renderer.note(text);
	}

	/** A deployment reading: its header line and one row per recorded step. */
	showDeployment(deployment: Deployment): void {
		const kind = deployment.kind === "rollback" ? "rollback" : "deployment";
		const mode = deployment.dryRun ? ", dry run" : "";
		const headerStatus: RowStatus = deployment.status === "succeeded" ? "done" : deployment.status === "queued" ? "pending" : deployment.status === "failed" ? "failed" : "running";
		this.rows.set("deployment", {
			key: "deployment",
			label: kind,
			status: headerStatus,
			detail: `${deployment.id}, release #${deployment.releaseNumber} → ${deployment.environment}${mode}`,
		});
		for (const step of deployment.steps) {
			this.rows.set(`step:${step.name}`, { key: `step:${step.name}`, label: STEP_LABELS[step.name], status: step.status, done: step.done, total: step.total, detail: step.detail });
		}
		this.renderer.update([...this.rows.values()]);
	}

	finish(): void {
		this.renderer.finish();
	}
}

export function formatCount(row: ProgressRow): string {
	return row.total === undefined ? "" : `${row.done ?? 0}/${row.total}`;
}

/** One row as plain text, e.g. "upload files: running 2/5". */
export function formatRowLine(row: ProgressRow): string {
	const count = formatCount(row);
	return `${row.label}: ${row.status}${count === "" ? "" : ` ${count}`}${row.detail !== undefined && row.detail !== row.status ? ` (${row.detail})` : ""}`;
}
