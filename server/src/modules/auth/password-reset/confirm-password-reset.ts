import { QueryTypes } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import { AppError } from "../../../errors/app-error";
import { recordAudit } from "../../audit";
import { listMembershipsOfUser } from "../memberships/list-memberships";
import type { AuthDeps } from "../auth-services";
import { hashPassword } from "../passwords/hash-password";
import { checkPasswordPolicy } from "../passwords/password-policy";
import { revokeSessionsOfUser } from "../sessions/revoke-sessions";
import { hashToken } from "../tokens/opaque-token";

export interface ConfirmPasswordResetInput {
	readonly token: string;
	readonly password: string;
	readonly origin: Origin;
}

/**
 * Sets a new password with a reset token: the token is spent (with every other open reset of that person),
 * and every session of the person is revoked, so whoever knew the old password is signed out everywhere.
 */
export async function confirmPasswordReset(deps: AuthDeps, input: ConfirmPasswordResetInput): Promise<{ status: "accepted" }> {
	const db = deps.infra.db;
	const userId = await db.transaction(async (transaction) => {
		const [reset] = await db.query<{ userId: string; email: string | null }>(
			`SELECT r.user_id AS "userId", u.email FROM auth_password_resets r JOIN users u ON u.id = r.user_id
			 WHERE r.token_hash = :hash AND r.used_at IS NULL AND r.expires_at > now() AND u.status = 'active' FOR UPDATE OF r`,
			{ type: QueryTypes.SELECT, replacements: { hash: hashToken(input.token) }, transaction },
		);
		if (reset === undefined) throw new AppError("unauthenticated", "This reset link is invalid, already used or expired: ask for a new one.");
		checkPasswordPolicy(input.password, reset.email === null ? {} : { email: reset.email });
		const passwordHash = await hashPassword(input.password);
		await db.query("UPDATE users SET password_hash = :passwordHash, updated_at = now() WHERE id = :userId", { replacements: { passwordHash, userId: reset.userId }, transaction });
		await db.query("UPDATE auth_password_resets SET used_at = now() WHERE user_id = :userId AND used_at IS NULL", { replacements: { userId: reset.userId }, transaction });
		await revokeSessionsOfUser(db, reset.userId, "password_reset", transaction);
		return reset.userId;
	});
	const memberships = await listMembershipsOfUser(db, userId);
	const tenants = memberships.length === 0 ? [null] : memberships.map((membership) => membership.tenant.id);
	for (const tenantId of tenants) {
		await recordAudit(db, { action: "auth.password_reset", tenantId, actorUserId: userId, targetType: "user", targetId: userId, ...auditOrigin(input.origin) });
	}
	return { status: "accepted" };
}
