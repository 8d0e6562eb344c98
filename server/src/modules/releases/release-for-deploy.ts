import type { Release } from "@toolboxai/shared";
import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { RELEASE_COLUMNS, toReleases, type ReleaseRow } from "./release-row";

/**
 * One of the school's releases, as the API shows it (status and missingFiles as of now). Another school's release,
 * or an id that is not a uuid, is not_found: the deployments module relies on that to refuse foreign ids.
 */
export async function loadReleaseForDeploy(db: Sequelize, tenantId: string, releaseId: string): Promise<Release> {
	if (!isUuid(releaseId)) throw new AppError("not_found", "No such release.");
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM releases WHERE tenant_id = $1 AND id = $2`, {
			bind: [tenantId, releaseId.toLowerCase()],
			type: QueryTypes.SELECT,
			transaction,
		});
		const [release] = await toReleases(db, transaction, tenantId, rows);
		if (release === undefined) throw new AppError("not_found", "No such release.");
		return release;
	});
}
