import { auditOrigin, type Origin } from "../../../access/caller";
import { recordAudit } from "../../audit";
import { queueMail } from "../../mail";
import type { AuthDeps } from "../auth-services";
import { issuePasswordResetLink } from "../password-reset/issue-reset-link";
import { authThrottles } from "../throttles";
import type { SignInLock } from "./admit-sign-in";

export const ACCOUNT_LOCKED_TEMPLATE = "account-locked" as const;
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
	await deps.infra.db.transaction(async (transaction) => {
		const { link, token } = await issuePasswordResetLink(deps, { userId: account.userId }, { transaction });
		const minutes = Math.max(1, Math.round(lock.lockedForSeconds / 60));
		await queueMail(
			deps,
			{
				to: account.email,
				template: ACCOUNT_LOCKED_TEMPLATE,
				data: { scope: lock.scope, ip: origin.ip ?? "(unknown)", minutes, link, token },
				idempotencyKey: `${ACCOUNT_LOCKED_TEMPLATE}:${account.userId}:${Math.floor(Date.now() / HOUR_MS)}`,
			},
			{ transaction },
		);
	});
}
