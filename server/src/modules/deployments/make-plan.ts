import type { DeploymentPlan, PlanRequest, Release } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import type { Config } from "../../config/config";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { loadReleaseForDeploy } from "../releases/release-for-deploy";
import { loadDeployTarget, type DeployTarget } from "../environments/deploy-target";
import { readAssetMap, readLastDeployed, readLessonContents } from "./deploy-state";
import { planDeployment, type PlanRelease } from "./plan-deployment";

/** A manifest that is not stored has no id or number yet; these stand in for sizing the content entry. */
const UNSTORED_RELEASE_ID = "00000000-0000-0000-0000-000000000000";

async function manifestRelease(db: Sequelize, tenantId: string, manifest: NonNullable<PlanRequest["release"]>): Promise<PlanRelease> {
	const hashes = [...new Set([manifest.place.sha256, ...manifest.assets.map((a) => a.sha256)])];
	const held = await withTenant(db, tenantId, (transaction) =>
		db.query<{ sha256: string }>("SELECT sha256 FROM stored_files WHERE tenant_id = $1 AND sha256 = ANY($2::text[])", { bind: [tenantId, hashes], type: QueryTypes.SELECT, transaction }),
	);
	const heldSet = new Set(held.map((row) => row.sha256));
	return {
		id: UNSTORED_RELEASE_ID,
		number: 1,
		place: manifest.place,
		assets: manifest.assets,
		lessons: manifest.lessons ?? [],
		missingFiles: hashes.filter((sha) => !heldSet.has(sha)),
		stored: false,
	};
}

export function planReleaseOf(release: Release): PlanRelease {
	return { id: release.id, number: release.number, place: release.place, assets: release.assets, lessons: release.lessons, missingFiles: release.missingFiles, stored: true };
}

/** The plan of this release for this environment (the deploy route checks it before queueing). */
export async function planFor(db: Sequelize, tenantId: string, target: DeployTarget, release: PlanRelease, force: boolean): Promise<DeploymentPlan> {
	return withTenant(db, tenantId, async (transaction) => {
		const assetMap = await readAssetMap(db, transaction, target.id, release.assets.map((a) => a.sha256));
		const last = await readLastDeployed(db, transaction, { environmentId: target.id, dryRun: target.mode === "dry_run" });
		const lessons = await readLessonContents(db, transaction, tenantId, release.lessons);
		return planDeployment({ environment: target, release, assetMap, ...(last === undefined ? {} : { last }), lessons, force });
	});
}

/** POST /v1/deployments/plan: what a deploy of this release to this environment would do. Never calls Roblox. */
export async function makePlan(deps: { db: Sequelize; config: Config }, tenantId: string, request: PlanRequest): Promise<DeploymentPlan> {
	const { db } = deps;
	if ((request.releaseId === undefined) === (request.release === undefined)) {
		throw new AppError("validation_failed", "Give either releaseId (a stored release) or release (a manifest), not both or neither.", { path: "/releaseId" });
	}
	const target = await loadDeployTarget(deps, tenantId, request.environment);
	const release = request.releaseId !== undefined ? planReleaseOf(await loadReleaseForDeploy(db, tenantId, request.releaseId)) : await manifestRelease(db, tenantId, request.release as NonNullable<PlanRequest["release"]>);
	return planFor(db, tenantId, target, release, request.force ?? false);
}
