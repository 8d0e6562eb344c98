import type { SignupResponse } from "@toolboxai/shared";
import { QueryTypes, type Transaction } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { withSystem } from "../../../db/tenant-scope";
import { createUser, issueSession } from "../../auth";
import { recordAudit } from "../../audit";

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

export interface NewSchool {
	readonly organizationName: string;
	readonly email: string;
	readonly password: string;
	readonly displayName?: string;
	/** Where the sign-up was finished (empty for the demo school the service makes itself). */
	readonly origin: Origin;
}

/**
 * A new school: the tenant, its first person (tenant_admin) and a signed-in session, all or nothing. An address
 * already in use → conflict (from createUser), and nothing is created. Joins `transaction` when given.
 */
export async function createSchool(deps: Deps, school: NewSchool, options: { readonly transaction?: Transaction } = {}): Promise<SignupResponse> {
	const db = deps.infra.db;
	return withSystem(
		db,
		async (transaction) => {
			const [tenant] = await db.query<{ id: string; name: string }>("INSERT INTO tenants (name, kind) VALUES ($1, 'school') RETURNING id, name", {
				bind: [school.organizationName],
				type: QueryTypes.SELECT,
				transaction,
			});
			const tenantId = (tenant as { id: string }).id;
			const displayName = school.displayName ?? (school.email.split("@")[0] || "Administrator").slice(0, 80);
			const user = await createUser(db, { email: school.email, password: school.password, displayName }, { transaction });
			await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'tenant_admin')", { bind: [tenantId, user.id], transaction });
			await recordAudit(db, { action: "tenant.created", tenantId, actorUserId: user.id, targetType: "tenant", targetId: tenantId, ...auditOrigin(school.origin) }, { transaction });
			const tokens = await issueSession(deps, { userId: user.id, tenantId, roles: ["tenant_admin"], transaction });
			return { tenant: { id: tenantId, name: (tenant as { name: string }).name, kind: "school" as const }, user, tokens };
		},
		options.transaction === undefined ? {} : { transaction: options.transaction },
	);
}
