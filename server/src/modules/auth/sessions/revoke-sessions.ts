import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";

export type RevokeReason = "logout" | "refresh_reuse" | "password_reset" | "admin";

/** Ends sessions (their refresh tokens stop working, their access tokens are refused). Returns the ids revoked now. */
export async function revokeSession(db: Sequelize, sessionId: string, reason: RevokeReason, transaction?: Transaction): Promise<string[]> {
	return revokeWhere(db, "id = :id", { id: sessionId }, reason, transaction);
}

export async function revokeSessionsOfUser(db: Sequelize, userId: string, reason: RevokeReason, transaction?: Transaction): Promise<string[]> {
	return revokeWhere(db, "user_id = :id", { id: userId }, reason, transaction);
}

async function revokeWhere(db: Sequelize, where: string, replacements: Record<string, string>, reason: RevokeReason, transaction?: Transaction): Promise<string[]> {
	// System scope: a person's sessions may span schools (password reset ends them all).
	const rows = await withSystem(
		db,
		(scoped) =>
			db.query<{ id: string }>(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = :reason WHERE ${where} AND revoked_at IS NULL RETURNING id`, {
				type: QueryTypes.SELECT,
				replacements: { ...replacements, reason },
				transaction: scoped,
			}),
		transaction === undefined ? {} : { transaction },
	);
	return rows.map((row) => row.id);
}
