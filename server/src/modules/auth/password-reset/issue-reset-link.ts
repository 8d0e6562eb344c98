import { QueryTypes, type Transaction } from "sequelize";
import type { AuthDeps } from "../auth-services";
import { hashToken, newOpaqueToken } from "../tokens/opaque-token";
import { PASSWORD_RESET_TOKEN_PREFIX, PASSWORD_RESET_TTL_SECONDS } from "../tokens/token-settings";

export interface PasswordResetLink {
	/** The dashboard page that sets the new password with the token. */
	readonly link: string;
	readonly token: string;
	/** The reset's own id: the key of the one mail that carries it. */
	readonly resetId: string;
}

/**
 * A single-use link that sets a new password for the account, valid for an hour; only the token's hash is kept.
 * For mails to the account's own address (a reset request, a sign-up with an address that has an account).
 */
export async function issuePasswordResetLink(deps: AuthDeps, input: { readonly userId: string }, options: { readonly transaction?: Transaction } = {}): Promise<PasswordResetLink> {
	const token = newOpaqueToken(PASSWORD_RESET_TOKEN_PREFIX);
	const [row] = await deps.infra.db.query<{ id: string }>(
		`INSERT INTO auth_password_resets (user_id, token_hash, expires_at) VALUES (:userId, :hash, now() + make_interval(secs => :ttl)) RETURNING id`,
		{
			type: QueryTypes.SELECT,
			replacements: { userId: input.userId, hash: hashToken(token), ttl: PASSWORD_RESET_TTL_SECONDS },
			...(options.transaction === undefined ? {} : { transaction: options.transaction }),
		},
	);
	if (row === undefined) throw new Error("auth_password_resets: INSERT returned no row");
	return { link: `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`, token, resetId: row.id };
}
