import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { AppError } from "../../errors/app-error";

/**
 * Refuses a change that would leave the school without a tenant_admin. Locks the admins' membership rows
 * first, so two admins demoting each other at the same moment cannot both succeed.
 */
export async function keepOneTenantAdmin(db: Sequelize, transaction: Transaction, tenantId: string, leavingUserId: string): Promise<void> {
	const admins = await db.query<{ user_id: string }>("SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'tenant_admin' ORDER BY user_id FOR UPDATE", {
		bind: [tenantId],
		type: QueryTypes.SELECT,
		transaction,
	});
	const leaving = admins.some((admin) => admin.user_id === leavingUserId);
	if (leaving && admins.length === 1) throw new AppError("conflict", "A school needs at least one tenant_admin: make someone else an admin first.");
}
