import type { ClassJoinStatus } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadAccount } from "./account/billing-account";
import type { BillingDeps } from "./billing-deps";
import { entitlementOf } from "./entitlements/entitlements";
import { standingOf, studentGraceEnd } from "./entitlements/standing";
import { countSeatsUsed } from "./seats/count-seats";
import { seatLimitOf } from "./seats/seat-limit";

/**
 * Whether a new student can join the school's classes now, for teachers: the refusal's reason in plain words and
 * nothing else of billing. Students already enrolled keep joining their school's other classes either way.
 */
export async function getJoinStatus(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<ClassJoinStatus> {
	const settings = deps.config.billing;
	if (settings === undefined) return { open: true };
	const db = deps.infra.db;
	const now = new Date();
	const { account, used } = await withTenant(db, caller.tenantId, async (transaction) => ({
		account: await loadAccount(db, transaction, caller.tenantId),
		used: await countSeatsUsed(db, transaction, caller.tenantId),
	}));
	const standing = standingOf(account, settings, now);
	const entitlement = entitlementOf(standing.standing, standing.readOnlySince);
	if (!entitlement.staffWrites) {
		const ended = now >= studentGraceEnd(standing.readOnlySince ?? now);
		return ended
			? { open: false, reason: "subscription_ended", message: "Your school's subscription has ended: students cannot join classes or play. A school admin can subscribe again." }
			: { open: false, reason: "read_only", message: "Your school's subscription or trial has ended: new students cannot join. A school admin can subscribe again." };
	}
	const paidUp = standing.standing === "active" || standing.standing === "trialing";
	const autoAdds = account.autoAddSeats && paidUp && account.stripeSubscriptionId !== undefined;
	if (used >= seatLimitOf(account, settings) && !autoAdds) {
		return { open: false, reason: "seats_full", message: "Your school has used all its student seats: new students cannot join. A school admin can add seats." };
	}
	return { open: true };
}
