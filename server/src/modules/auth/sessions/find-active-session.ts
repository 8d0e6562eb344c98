import type { Role } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";

export interface ActiveSession {
	readonly id: string;
	readonly userId: string;
	readonly tenantId: string;
	readonly roles: Role[];
}

/** The session if it exists, is not revoked, has not expired, and its user is active. */
export async function findActiveSession(db: Sequelize, sessionId: string, options: { transaction?: Transaction } = {}): Promise<ActiveSession | undefined> {
	// System scope: the session is how we learn the caller's tenant.
	const rows = await withSystem(
		db,
		(transaction) =>
			db.query<ActiveSession>(
				`SELECT s.id, s.user_id AS "userId", s.tenant_id AS "tenantId", s.roles
				 FROM auth_sessions s JOIN users u ON u.id = s.user_id
				 WHERE s.id = :sessionId AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
				{ type: QueryTypes.SELECT, replacements: { sessionId }, transaction },
			),
		options,
	);
	return rows[0];
}
