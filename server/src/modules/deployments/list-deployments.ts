import type { DeploymentPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { cursorCodec } from "../../http/cursor";
import type { DeploymentReadDeps } from "./deployment-deps";
import { DEPLOYMENT_SELECT, withSteps, type DeploymentRow } from "./deployment-record";

export const DEPLOYMENT_PAGE_DEFAULT = 20;
export const DEPLOYMENT_PAGE_MAX = 100;

/** Where the next page starts: the page's last deployment, by created_at (microseconds) and id. */
const deploymentCursor = cursorCodec<{ createdAt: string; id: string }>("d1", { createdAt: "timestamp", id: "uuid" });

export interface DeploymentQuery {
	/** An environment's name; deployments of a deleted environment of that name are included. */
	readonly environment?: string;
	readonly cursor?: string;
	readonly limit?: number;
}

/** One page of the school's deployments, newest first. */
export async function listDeployments(deps: DeploymentReadDeps, caller: Caller, input: DeploymentQuery): Promise<DeploymentPage> {
	const { db } = deps.infra;
	const limit = Math.min(Math.max(input.limit ?? DEPLOYMENT_PAGE_DEFAULT, 1), DEPLOYMENT_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : deploymentCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<DeploymentRow>(
			`${DEPLOYMENT_SELECT}
			 WHERE d.tenant_id = $1 AND ($2::text IS NULL OR e.name = $2::text)
			   AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3::timestamptz, $4::uuid))
			 ORDER BY d.created_at DESC, d.id DESC LIMIT $5`,
			{ bind: [caller.tenantId, input.environment ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const page = rows.slice(0, limit);
		const last = page[page.length - 1];
		return {
			items: await withSteps(db, transaction, page),
			...(rows.length > limit && last !== undefined ? { nextCursor: deploymentCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}
