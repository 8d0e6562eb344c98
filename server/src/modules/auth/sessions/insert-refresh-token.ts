import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { hashToken, newOpaqueToken } from "../tokens/opaque-token";
import { REFRESH_TOKEN_PREFIX } from "../tokens/token-settings";

/** A new refresh token in a session; it expires with the session (30 days after sign-in, or its sliding Studio lifetime). */
export async function insertRefreshToken(db: Sequelize, sessionId: string, transaction?: Transaction): Promise<string> {
	const token = newOpaqueToken(REFRESH_TOKEN_PREFIX);
	await db.query(
		`INSERT INTO auth_refresh_tokens (session_id, token_hash, expires_at)
		 SELECT id, :hash, expires_at FROM auth_sessions WHERE id = :sessionId`,
		{ type: QueryTypes.INSERT, replacements: { sessionId, hash: hashToken(token) }, ...(transaction === undefined ? {} : { transaction }) },
	);
	return token;
}
