import type { Logger } from "pino";
import { queueMail } from "../../mail";
import type { AuthDeps } from "../auth-services";
import { authThrottles } from "../throttles";
import { issuePasswordResetLink } from "./issue-reset-link";
import { findUserByEmail } from "../users/find-user";
import { normalizeEmail } from "../users/normalize-email";

/**
 * Emails a single-use reset link valid for an hour, when the address belongs to an active account. The
 * answer is the same 202 either way, so it tells nobody which addresses have accounts; past 3 requests an
 * hour for one address, nothing more is sent.
 */
export async function requestPasswordReset(deps: AuthDeps & { readonly logger: Logger }, input: { readonly email: string }): Promise<{ status: "accepted" }> {
	const db = deps.infra.db;
	const { email } = input;
	const user = await findUserByEmail(db, email);
	if (user === undefined || user.status !== "active" || user.email === null) return { status: "accepted" };
	try {
		await authThrottles(deps).resetEmail.hit(normalizeEmail(email));
	} catch {
		deps.logger.info({ userId: user.id }, "password reset not sent: too many requests for this address");
		return { status: "accepted" };
	}
	const to = user.email;
	// The reset and its mail commit together: one mail per reset, never a mail for a reset that was not stored.
	await deps.infra.db.transaction(async (transaction) => {
		const { link, token, resetId } = await issuePasswordResetLink(deps, { userId: user.id }, { transaction });
		await queueMail(deps, { to, template: "password-reset", data: { link, token }, idempotencyKey: `password-reset:${resetId}` }, { transaction });
	});
	return { status: "accepted" };
}
