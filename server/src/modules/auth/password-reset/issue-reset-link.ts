import { QueryTypes } from "sequelize";
import type { AuthDeps } from "../auth-services";
import { hashToken, newOpaqueToken } from "../tokens/opaque-token";
import { PASSWORD_RESET_TOKEN_PREFIX, PASSWORD_RESET_TTL_SECONDS } from "../tokens/token-settings";

export interface ResetLink {
	/** The page that takes the token: `<publicUrl>/reset-password?token=…`. */
	readonly link: string;
	/** The bare token, for a person whose mail client breaks the link. */
	readonly token: string;
}

/** A new single-use reset token for one account, valid for an hour; only its hash is stored. */
export async function issueResetLink(deps: Pick<AuthDeps, "config" | "infra">, userId: string): Promise<ResetLink> {
	const token = newOpaqueToken(PASSWORD_RESET_TOKEN_PREFIX);
	await deps.infra.db.query(`INSERT INTO auth_password_resets (user_id, token_hash, expires_at) VALUES (:userId, :hash, now() + make_interval(secs => :ttl))`, {
		type: QueryTypes.INSERT,
		replacements: { userId, hash: hashToken(token), ttl: PASSWORD_RESET_TTL_SECONDS },
	});
	return { link: `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`, token };
}
