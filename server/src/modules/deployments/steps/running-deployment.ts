/**
 * What every step of a running deployment shares: the deployment, its environment and release, the Open Cloud
 * client, the lease, and how progress is written and told to the dashboard.
 */
import type { DeploymentStepName, Release } from "@toolboxai/shared";
import type { Sequelize, Transaction } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import type { OpenCloudClient } from "../../../integrations/open-cloud/client";
import type { DeployTarget } from "../../environments";
import { broadcastDeployment } from "../broadcast-deployment";
import type { DeploymentJobDeps } from "../deployment-deps";
import type { DeploymentRow } from "../deployment-record";
import { LeaseLostError, type Lease } from "../job/deployment-lease";
import { updateStep, type StepUpdate } from "./step-records";

/** How often progress inside a step reaches the dashboard at most (every change is written to the database). */
const PROGRESS_EVERY_MS = 500;

export class RunningDeployment {
	private lastPublished = 0;

	constructor(
		readonly deps: DeploymentJobDeps,
		readonly row: DeploymentRow,
		readonly target: DeployTarget,
		readonly release: Release,
		readonly client: OpenCloudClient,
		private readonly lease: Lease,
	) {}

	get db(): Sequelize {
		return this.deps.infra.db;
	}

	get tenantId(): string {
		return this.row.tenant_id;
	}

	get dryRun(): boolean {
		return this.row.dry_run;
	}

	tx<T>(fn: (transaction: Transaction) => Promise<T>): Promise<T> {
		return withTenant(this.db, this.tenantId, fn);
	}

	/** Called before every Open Cloud call: a runner that lost its lease must not send anything more. */
	guard(): void {
		if (!this.lease.held) throw new LeaseLostError(this.row.id);
	}

	/** Records a step change; boundaries (a status given) are published at once, progress at most every 500 ms. */
	async step(name: DeploymentStepName, update: StepUpdate, transaction?: Transaction): Promise<void> {
		if (transaction === undefined) await this.tx((t) => updateStep(this.db, t, this.row.id, name, update));
		else await updateStep(this.db, transaction, this.row.id, name, update);
		if (transaction === undefined) await this.progress(update.status !== undefined);
	}

	async progress(force: boolean): Promise<void> {
		const now = Date.now();
		if (!force && now - this.lastPublished < PROGRESS_EVERY_MS) return;
		this.lastPublished = now;
		await broadcastDeployment(this.deps, this.tenantId, this.row.id);
	}
}
