import type { Me } from "@toolboxai/shared";
import { AppError } from "../../http/app-error";
import { listMembershipsOfUser } from "../tenancy/list-memberships";
import type { AuthDeps } from "./auth-services";
import type { Principal } from "./principal";
import { findUserById } from "./users/find-user";

/** The signed-in person, the school of this session with their roles there, and every school they belong to. */
export async function getMe(deps: AuthDeps, principal: Extract<Principal, { kind: "user" }>): Promise<Me> {
	const db = deps.infra.db;
	const user = await findUserById(db, principal.userId);
	const memberships = await listMembershipsOfUser(db, principal.userId);
	const current = memberships.find((membership) => membership.tenant.id === principal.tenantId);
	if (user === undefined || current === undefined) throw new AppError("unauthenticated", "This session has ended: sign in again.", undefined, { "WWW-Authenticate": 'Bearer realm="toolboxai"' });
	return {
		user: { id: user.id, ...(user.email === null ? {} : { email: user.email }), displayName: user.displayName },
		tenant: current.tenant,
		roles: [...principal.roles],
		memberships,
	};
}
