import type { Me } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { listMembershipsOfUser } from "./memberships/list-memberships";
import type { AuthDeps } from "./auth-services";
import { findUserById } from "./users/find-user";

/** The signed-in person, the school of this session with their roles there, and every school they belong to. */
export async function getMe(deps: AuthDeps, caller: UserCaller): Promise<Me> {
	const db = deps.infra.db;
	const user = await findUserById(db, caller.actor.userId);
	const memberships = await listMembershipsOfUser(db, caller.actor.userId);
	const current = memberships.find((membership) => membership.tenant.id === caller.tenantId);
	if (user === undefined || current === undefined)
		throw new AppError("unauthenticated", "This session has ended: sign in again.", undefined, { "WWW-Authenticate": 'Bearer realm="toolboxai"' });
	return {
		user: { id: user.id, ...(user.email === null ? {} : { email: user.email }), displayName: user.displayName },
		tenant: { ...current.tenant, timeZone: current.timeZone },
		roles: [...caller.actor.roles],
		memberships: memberships.map(({ tenant, roles }) => ({ tenant, roles })),
	};
}
