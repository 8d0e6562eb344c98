import type { DeploymentPlan, PlanRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { loadDeployTarget } from "../environments";
import { activeLessonVersions } from "../lessons";
import { loadReleaseForDeploy } from "../releases";
import type { PlanRelease } from "./build-plan";
import type { DeploymentPlanDeps } from "./deployment-deps";
import { planForEnvironment, planReleaseOf } from "./plan-for-environment";

/** A manifest that is not stored has no id or number yet; these stand in for sizing the content entry. */
const UNSTORED_RELEASE_ID = "00000000-0000-0000-0000-000000000000";

async function manifestRelease(db: Sequelize, tenantId: string, manifest: NonNullable<PlanRequest["release"]>): Promise<PlanRelease> {
	const hashes = [...new Set([manifest.place.sha256, ...manifest.assets.map((a) => a.sha256)])];
	// Without lessons, declaring takes what the school's classes play now: the plan compares that, so an identical
	// redeploy of such a manifest is up to date.
	const { held, lessons } = await withTenant(db, tenantId, async (transaction) => ({
		held: await db.query<{ sha256: string }>("SELECT sha256 FROM stored_files WHERE tenant_id = $1 AND sha256 = ANY($2::text[])", {
			bind: [tenantId, hashes],
			type: QueryTypes.SELECT,
			transaction,
		}),
		lessons: manifest.lessons ?? (await activeLessonVersions(db, transaction, tenantId)),
	}));
	const heldSet = new Set(held.map((row) => row.sha256));
	return {
		id: UNSTORED_RELEASE_ID,
		number: 1,
		place: manifest.place,
		assets: manifest.assets,
		lessons,
		missingFiles: hashes.filter((sha) => !heldSet.has(sha)),
		stored: false,
	};
}

/** POST /v1/deployments/plan: what a deploy of this release to this environment would do. Never calls Roblox. */
export async function planDeployment(deps: DeploymentPlanDeps, caller: Caller, input: PlanRequest): Promise<DeploymentPlan> {
	const { db } = deps.infra;
	if ((input.releaseId === undefined) === (input.release === undefined)) {
		throw new AppError("validation_failed", "Give either releaseId (a stored release) or release (a manifest), not both or neither.", { path: "/releaseId" });
	}
	const target = await loadDeployTarget(deps, caller.tenantId, input.environment);
	const release =
		input.releaseId !== undefined
			? planReleaseOf(await loadReleaseForDeploy(db, caller.tenantId, input.releaseId))
			: await manifestRelease(db, caller.tenantId, input.release as NonNullable<PlanRequest["release"]>);
	return planForEnvironment(db, caller.tenantId, target, release, input.force ?? false);
}
