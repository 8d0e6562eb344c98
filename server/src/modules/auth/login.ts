import type { LoginRequest, TokenResponse } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { auditOrigin, type Origin } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { recordAudit } from "../audit";
import { listMembershipsOfUser, type MembershipOfUser } from "./memberships/list-memberships";
import type { AuthDeps } from "./auth-services";
import { verifyPassword } from "./passwords/verify-password";
import { issueSession } from "./sessions/issue-session";
import { authThrottles } from "./throttles";
import { findUserByEmail } from "./users/find-user";
import { normalizeEmail } from "./users/normalize-email";

export interface LoginInput extends LoginRequest {
	/** Where the attempt comes from: its address is also what the per-address limit counts. */
	readonly origin: Origin;
}

const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Email + password sign-in to one school. Unknown address, wrong password and disabled account all answer
 * the same 401 after the same argon2 work. Throttled per account and per IP (failures only). Someone in
 * several schools names one with `tenantId`; without it they get a 409 listing their schools.
 */
export async function login(deps: AuthDeps, input: LoginInput): Promise<TokenResponse> {
	const db = deps.infra.db;
	const throttles = authThrottles(deps);
	const accountKey = normalizeEmail(input.email);
	const ipKey = input.origin.ip ?? "unknown";
	await throttles.loginIp.check(ipKey);
	await throttles.loginAccount.check(accountKey);
	const user = await findUserByEmail(db, input.email);
	const passwordOk = await verifyPassword(user?.passwordHash, input.password);
	if (user === undefined || !passwordOk || user.status !== "active") {
		await Promise.all([throttles.loginAccount.record(accountKey), throttles.loginIp.record(ipKey)]);
		await recordFailure(db, user?.id, user === undefined ? "unknown_email" : passwordOk ? "disabled" : "wrong_password", input.origin);
		throw new AppError("unauthenticated", WRONG_CREDENTIALS);
	}
	const memberships = await listMembershipsOfUser(db, user.id);
	if (memberships.length === 0) throw new AppError("forbidden", "This account belongs to no school yet. Ask your school's administrator for an invitation.");
	let chosen: MembershipOfUser | undefined = memberships[0];
	if (input.tenantId !== undefined) {
		chosen = memberships.find((membership) => membership.tenant.id === input.tenantId);
		if (chosen === undefined) throw new AppError("forbidden", "This account does not belong to that school.");
	} else if (memberships.length > 1) {
		throw new AppError("conflict", "This account belongs to several schools: sign in again naming one with tenantId.", {
			tenants: memberships.map((membership) => membership.tenant),
		});
	}
	if (chosen === undefined) throw new AppError("forbidden", "This account belongs to no school yet.");
	await throttles.loginAccount.reset(accountKey);
	const tokens = await issueSession(deps, { userId: user.id, tenantId: chosen.tenant.id, roles: chosen.roles });
	await recordAudit(db, { action: "auth.login", tenantId: chosen.tenant.id, actorUserId: user.id, targetType: "user", targetId: user.id, ...auditOrigin(input.origin) });
	return tokens;
}

/**
 * auth.login_failed in every school of a known account (so its admins see attacks on their people), or
 * without a school for an unknown address. No email in the event: ids only.
 */
async function recordFailure(db: Sequelize, userId: string | undefined, reason: string, origin: Origin): Promise<void> {
	const tenants = userId === undefined ? [null] : (await listMembershipsOfUser(db, userId)).map((membership) => membership.tenant.id);
	for (const tenantId of tenants.length === 0 ? [null] : tenants) {
		await recordAudit(db, {
			action: "auth.login_failed",
			tenantId,
			...(userId === undefined ? {} : { targetType: "user", targetId: userId }),
			...auditOrigin(origin),
			details: { reason },
		});
	}
}
