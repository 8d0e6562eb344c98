import type { Sequelize, Transaction } from "sequelize";
import type { BillingSettings } from "../../../config/config";
import { AppError } from "../../../errors/app-error";
import type { JobQueue } from "../../../infrastructure.types";
import { loadAccount } from "../account/billing-account";
import { entitlementOf } from "../entitlements/entitlements";
import { standingOf } from "../entitlements/standing";
import { PUSH_SEATS_JOB } from "../sync/push-seats-job";
import { countSeatsUsed, holdsSeat } from "./count-seats";
import { seatLimitOf } from "./seat-limit";

export interface SeatDeps {
	readonly config: { readonly billing?: BillingSettings };
	readonly infra: { readonly db: Sequelize; readonly queue: JobQueue };
}

/**
 * Inside a class join's transaction, before the student is put on the roster: a student who already holds a seat
 * passes; a new one takes a free seat, or (with "add seats automatically" and a paid-up subscription) one more seat
 * is bought, or the join is refused. The account row is locked until the join commits, so parallel joins at the
 * limit queue behind each other and never pass it. Billing off: no limit.
 */
export async function reserveSeat(deps: SeatDeps, transaction: Transaction, input: { tenantId: string; studentUserId: string }): Promise<void> {
	const settings = deps.config.billing;
	if (settings === undefined) return;
	const db = deps.infra.db;
	const account = await loadAccount(db, transaction, input.tenantId, { forUpdate: true });
	if (await holdsSeat(db, transaction, input.tenantId, input.studentUserId)) return;
	const used = await countSeatsUsed(db, transaction, input.tenantId);
	const limit = seatLimitOf(account, settings);
	if (used < limit) return;
	const standing = standingOf(account, settings, new Date());
	const paidUp = standing.standing === "active" || standing.standing === "trialing";
	if (account.autoAddSeats && paidUp && entitlementOf(standing.standing, standing.readOnlySince).seatIncreases && account.stripeSubscriptionId !== undefined) {
		const wanted = used + 1;
		await db.query("UPDATE billing_accounts SET seats_wanted = $2, updated_at = now() WHERE tenant_id = $1", { bind: [input.tenantId, wanted], transaction });
		transaction.afterCommit(() => {
			void deps.infra.queue.enqueue(PUSH_SEATS_JOB, { tenantId: input.tenantId }, { idempotencyKey: `${input.tenantId}/${wanted}` }).catch(() => undefined);
		});
		return;
	}
	throw new AppError("seat_limit_reached", `Your school has used all ${limit} of its student seats, so no new student can join. Ask your teacher: a school admin can add seats.`, {
		seatsUsed: used,
		seatsBought: limit,
	});
}
