import type { ErrorCode } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import type { Access } from "../../../access/access";
import type { BillingSettings } from "../../../config/config";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { type BillingAccount, loadAccount } from "../account/billing-account";
import { entitlementOf } from "./entitlements";
import { standingOf, studentGraceEnd } from "./standing";

/** What a guarded request does, as far as billing cares. */
export type GuardedAction = "staff_write" | "game_play" | "game_join";

/** Permissions that create or change teaching content and deployments: closed while the school is read-only. */
const STAFF_WRITE_PERMISSIONS = new Set(["classes:manage", "lessons:write", "lessons:write_any", "lessons:publish", "deployments:manage"]);

/** The action a route's access stands for (undefined: billing never limits it, e.g. billing itself, privacy, exports). */
export function guardedActionOf(access: Access, method: string): GuardedAction | undefined {
	if (access.kind === "public") return undefined;
	if (access.kind === "api_key") {
		if (access.scope === "classes:join") return "game_join";
		if (access.scope === "runtime:read" || access.scope === "progress:write") return "game_play";
	}
	const reads = method.toLowerCase() === "get" || method.toLowerCase() === "head";
	if (reads) return undefined;
	if (access.kind === "api_key") return access.scope === "deployments:write" ? "staff_write" : undefined;
	return access.permission !== undefined && STAFF_WRITE_PERMISSIONS.has(access.permission) ? "staff_write" : undefined;
}

/** The codes a route can answer because of billing (for the OpenAPI document). */
export function billingErrorsOf(access: Access, method: string): ErrorCode[] {
	const action = guardedActionOf(access, method);
	if (action === "staff_write") return ["billing_read_only"];
	if (action === "game_play") return ["subscription_ended"];
	if (action === "game_join") return ["billing_read_only", "subscription_ended", "seat_limit_reached"];
	return [];
}

/** Accounts read in the last moment, so a busy game path costs no query per request; a state change drops its entry. */
const CACHE_MS = 2_000;
const cache = new Map<string, { account: BillingAccount; until: number }>();

export function forgetCachedAccount(tenantId: string): void {
	cache.delete(tenantId);
}

async function cachedAccount(db: Sequelize, tenantId: string): Promise<BillingAccount> {
	const hit = cache.get(tenantId);
	const moment = performance.now();
	if (hit !== undefined && hit.until > moment) return hit.account;
	const account = await withTenant(db, tenantId, (transaction) => loadAccount(db, transaction, tenantId));
	cache.set(tenantId, { account, until: moment + CACHE_MS });
	if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
	return account;
}

/**
 * The one billing check: throws when the school's standing does not allow the action (read-only staff, a game past
 * the students' grace period). Billing off (no Stripe key) allows everything without a query.
 */
export async function checkBilling(
	deps: { config: { billing?: BillingSettings }; infra: { db: Sequelize } },
	tenantId: string,
	action: GuardedAction,
	now: Date = new Date(),
): Promise<void> {
	const settings = deps.config.billing;
	if (settings === undefined) return;
	const account = await cachedAccount(deps.infra.db, tenantId);
	const standing = standingOf(account, settings, now);
	const entitlement = entitlementOf(standing.standing, standing.readOnlySince);
	if (action === "staff_write" && !entitlement.staffWrites) {
		throw new AppError(
			"billing_read_only",
			"Your school's subscription or trial has ended, so the school is read-only: nothing new can be created. A school admin can subscribe on the Billing page.",
			{ standing: standing.standing, ...(standing.readOnlySince === undefined ? {} : { readOnlySince: standing.readOnlySince.toISOString() }) },
		);
	}
	if (action === "staff_write" || entitlement.game === "play") return;
	const graceEnds = studentGraceEnd(standing.readOnlySince ?? now);
	if (now >= graceEnds) throw new AppError("subscription_ended", "Your school's subscription has ended.", { standing: standing.standing });
	if (action === "game_join")
		throw new AppError("billing_read_only", "Your school's subscription has ended, so no one can join a class right now.", { standing: standing.standing });
}
