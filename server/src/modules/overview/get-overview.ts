import type { Overview } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { rolesAllow } from "../../access/permissions";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { expiredInvitations, pendingEvents } from "./overview-attention";
import { overviewClasses } from "./overview-classes";
import { lastDeployments } from "./overview-deployments";
import { recentlyPublished } from "./overview-lessons";
import { overviewScope } from "./overview-scope";

/**
 * The signed-in teacher's or admin's first screen, read in one tenant transaction (one consistent snapshot, row-level
 * security as the second wall). Each part follows the permission of the page it summarises: deployments for
 * deployments:read, expired invitations only for those who may invite (members:invite).
 */
export async function getOverview(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<Overview> {
	const db = deps.infra.db;
	const scope = overviewScope(caller);
	const roles = caller.actor.roles;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const { classes, total } = await overviewClasses(db, transaction, scope);
		const published = await recentlyPublished(db, transaction, caller.tenantId);
		const deployments = rolesAllow(roles, "deployments:read") ? await lastDeployments(db, transaction, caller.tenantId) : [];
		const invitations = rolesAllow(roles, "members:invite") ? await expiredInvitations(db, transaction, caller.tenantId) : undefined;
		const pending = await pendingEvents(db, transaction, scope);
		return {
			scope: scope.teacherUserId === undefined ? "school" : "own",
			classes,
			classesTotal: total,
			recentlyPublished: published,
			deployments,
			attention: {
				failedDeployments: deployments.filter((environment) => environment.last?.status === "failed"),
				...(invitations === undefined ? {} : { expiredInvitations: invitations }),
				pendingEvents: pending,
			},
		};
	});
}
