import type { Logger } from "pino";
import { MAIL_SEND } from "../../../jobs/definitions/mail-send";
import type { MailMessage } from "../../../infrastructure.types";
import type { AuthDeps } from "../auth-services";
import { authThrottles } from "../throttles";
import { issueResetLink } from "./issue-reset-link";
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
	const { link, token } = await issueResetLink(deps, user.id);
	const message: MailMessage = {
		to: user.email,
		subject: "Reset your ToolBoxAI password",
		text:
			`Someone (hopefully you) asked to reset the password of your ToolBoxAI account.\n\n` +
			`Open this link within an hour to choose a new password:\n${link}\n\n` +
			`Your reset code, if the link does not open: ${token}\n\nIf you did not ask, ignore this email: your password stays as it is.`,
		template: "password-reset",
	};
	await deps.infra.queue.enqueue(MAIL_SEND, message);
	return { status: "accepted" };
}
