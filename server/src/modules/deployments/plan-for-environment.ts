/** The plan of one release for one environment, from what the environment holds and last ran (never calls Roblox). */
import type { DeploymentPlan, Release } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { DeployTarget } from "../environments";
import { buildPlan, type PlanRelease } from "./build-plan";
import { readAssetMap, readLastDeployed, readLessonContents } from "./deploy-state";

export function planReleaseOf(release: Release): PlanRelease {
	return { id: release.id, number: release.number, place: release.place, assets: release.assets, lessons: release.lessons, missingFiles: release.missingFiles, stored: true };
}

/** The plan the plan route answers and the deploy route checks before queueing. */
export async function planForEnvironment(db: Sequelize, tenantId: string, target: DeployTarget, release: PlanRelease, force: boolean): Promise<DeploymentPlan> {
	return withTenant(db, tenantId, async (transaction) => {
		const assetMap = await readAssetMap(
			db,
			transaction,
			target.id,
			release.assets.map((a) => a.sha256),
		);
		const last = await readLastDeployed(db, transaction, { environmentId: target.id, dryRun: target.mode === "dry_run" });
		const lessons = await readLessonContents(db, transaction, tenantId, release.lessons);
		return buildPlan({ environment: target, release, assetMap, ...(last === undefined ? {} : { last }), lessons, force });
	});
}
