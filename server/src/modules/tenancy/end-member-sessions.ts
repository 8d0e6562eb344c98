import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/**
 * Ends a person's sessions in one school, so a changed or removed member's access tokens stop working at once
 * (authentication checks the session on every request) and they sign in again with their new roles.
 * The auth module owns auth_sessions; this is the one write tenancy makes to it. Answers how many were open.
 */
export async function endMemberSessions(db: Sequelize, transaction: Transaction, tenantId: string, userId: string): Promise<number> {
	const ended = await db.query<{ id: string }>(
		"UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'admin' WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id",
		{ bind: [tenantId, userId], type: QueryTypes.SELECT, transaction },
	);
	return ended.length;
}
