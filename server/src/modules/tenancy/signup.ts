import type { SignupRequest, SignupResponse } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { auditOrigin, type Origin } from "../../access/caller";
import type { AppDependencies } from "../../http/app-module";
import { AppError } from "../../errors/app-error";
import { withSystem } from "../../db/tenant-scope";
import { createUser, issueSession } from "../auth";
import { recordAudit } from "../audit";

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

export interface SignupInput extends SignupRequest {
	/** Where the sign-up came from (empty for the demo school the service makes itself). */
	readonly origin: Origin;
}

/**
 * A new school: the tenant, its first person (tenant_admin) and a signed-in session, all or nothing.
 * An address already in use → conflict (from createUser), and nothing is created.
 */
export async function signup(deps: Deps, request: SignupInput): Promise<SignupResponse> {
	const db = deps.infra.db;
	const organizationName = request.organizationName.trim();
	if (organizationName === "") {
		throw new AppError("validation_failed", "Give your school's name.", { issues: [{ path: "/organizationName", code: "blank", message: "must not be blank" }] });
	}
	return withSystem(db, async (transaction) => {
		const [tenant] = await db.query<{ id: string; name: string }>("INSERT INTO tenants (name, kind) VALUES ($1, 'school') RETURNING id, name", {
			bind: [organizationName],
			type: QueryTypes.SELECT,
			transaction,
		});
		const tenantId = (tenant as { id: string }).id;
		const displayName = request.displayName ?? (request.email.split("@")[0] || "Administrator").slice(0, 80);
		const user = await createUser(db, { email: request.email, password: request.password, displayName }, { transaction });
		await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'tenant_admin')", { bind: [tenantId, user.id], transaction });
		await recordAudit(db, { action: "tenant.created", tenantId, actorUserId: user.id, targetType: "tenant", targetId: tenantId, ...auditOrigin(request.origin) }, { transaction });
		const tokens = await issueSession(deps, { userId: user.id, tenantId, roles: ["tenant_admin"], transaction });
		return { tenant: { id: tenantId, name: (tenant as { name: string }).name, kind: "school" }, user, tokens };
	});
}
