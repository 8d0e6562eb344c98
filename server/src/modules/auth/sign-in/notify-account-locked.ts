import { auditOrigin, type Origin } from "../../../access/caller";
import { MAIL_SEND } from "../../../jobs/definitions/mail-send";
import type { MailMessage } from "../../../infrastructure.types";
import { recordAudit } from "../../audit";
import type { AuthDeps } from "../auth-services";
import { issuePasswordResetLink } from "../password-reset/issue-reset-link";
import { authThrottles } from "../throttles";
import type { SignInLock } from "./admit-sign-in";

export const ACCOUNT_LOCKED_TEMPLATE = "account-locked";
const HOUR_MS = 60 * 60 * 1000;

export interface LockedAccount {
	readonly userId: string;
	readonly email: string;
	/** The schools the account belongs to: each one's audit log shows the lock. */
	readonly tenantIds: ReadonlyArray<string>;
}

/**
 * A failure just locked a real account: auth.account_locked in each of its schools (its admins can lift it), and a
 * mail to the owner with a reset link. At most one mail an hour per account, however many addresses keep failing,
 * and the mail job is keyed by account and hour, so a retried enqueue never sends it twice.
 */
export async function notifyAccountLocked(deps: AuthDeps, account: LockedAccount, lock: SignInLock, origin: Origin): Promise<void> {
	for (const tenantId of account.tenantIds) {
		await recordAudit(deps.infra.db, {
			action: "auth.account_locked",
			tenantId,
			targetType: "user",
			targetId: account.userId,
			...auditOrigin(origin),
			details: { scope: lock.scope, lockedForSeconds: lock.lockedForSeconds },
		});
	}
	const notice = await authThrottles(deps).signIn.lockMail.take(account.userId);
	if (!notice.allowed) return;
	const { link, token } = await issuePasswordResetLink(deps, { userId: account.userId });
	await deps.infra.queue.enqueue(MAIL_SEND, lockMail(account.email, lock, origin, link, token), {
		idempotencyKey: `${ACCOUNT_LOCKED_TEMPLATE}:${account.userId}:${Math.floor(Date.now() / HOUR_MS)}`,
	});
}

function lockMail(to: string, lock: SignInLock, origin: Origin, link: string, token: string): MailMessage {
	const minutes = Math.max(1, Math.round(lock.lockedForSeconds / 60));
	const where =
		lock.scope === "address"
			? `from the address ${origin.ip ?? "(unknown)"}, so we stopped accepting passwords for it from there for ${minutes} minutes`
			: `from many addresses, so we stopped accepting passwords for it from the addresses that kept failing for up to ${minutes} minutes`;
	return {
		to,
		subject: "Too many failed sign-ins to your ToolBoxAI account",
		text:
			`There were too many failed attempts to sign in to your ToolBoxAI account ${where}. ` +
			`Signing in from another device or network still works, and your school's administrator can lift the lock.\n\n` +
			`If it was you and you forgot your password, open this link within an hour to choose a new one:\n${link}\n\n` +
			`Your reset code, if the link does not open: ${token}\n\n` +
			`If it was not you, those attempts did not get in; choosing a new password with the link also signs out every open session.`,
		template: ACCOUNT_LOCKED_TEMPLATE,
	};
}
