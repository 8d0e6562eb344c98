import type { UserCaller } from "../../access/caller";

/**
 * Whose classes the overview shows: a school admin (or the operator) sees every class of the school, as the
 * classes list does; a teacher the classes they teach. `teacherUserId` is undefined for the whole school.
 */
export interface OverviewScope {
	readonly tenantId: string;
	readonly teacherUserId: string | undefined;
}

export function overviewScope(caller: UserCaller): OverviewScope {
	const roles = caller.actor.roles;
	const wholeSchool = roles.includes("tenant_admin") || roles.includes("platform_admin");
	return { tenantId: caller.tenantId, teacherUserId: wholeSchool ? undefined : caller.actor.userId };
}
