import type { LoginRequest, TokenResponse } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { auditOrigin, type Origin } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { recordAudit } from "../audit";
import type { AuthDeps } from "./auth-services";
import { listMembershipsOfUser, type MembershipOfUser } from "./memberships/list-memberships";
import { verifyPassword } from "./passwords/verify-password";
import { issueSession } from "./sessions/issue-session";
import { admitSignIn, type SignInLock } from "./sign-in/admit-sign-in";
import { notifyAccountLocked } from "./sign-in/notify-account-locked";
import { findUserByEmail, type UserRecord } from "./users/find-user";

export interface LoginInput extends LoginRequest {
	/** Where the attempt comes from: its address is what the per-address limits count. */
	readonly origin: Origin;
}

const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Email + password sign-in to one school. Unknown address, wrong password and disabled account all answer
 * the same 401 after the same argon2 work. The attempt is counted against the sign-in limits before the password
 * is checked (sign-in/admit-sign-in.ts) and given back when it was right. Someone in several schools names one
 * with `tenantId`; without it they get a 409 listing their schools.
 */
export async function login(deps: AuthDeps, input: LoginInput): Promise<TokenResponse> {
	const db = deps.infra.db;
	const admission = await admitSignIn(deps, { email: input.email, ...(input.origin.ip === undefined ? {} : { ip: input.origin.ip }) });
	const user = await findUserByEmail(db, input.email);
	const passwordOk = await verifyPassword(user?.passwordHash, input.password);
	if (user === undefined || !passwordOk || user.status !== "active") {
		const lock = admission.failed();
		const reason = user === undefined ? "unknown_email" : passwordOk ? "disabled" : "wrong_password";
		const tenantIds = await recordFailure(db, user?.id, reason, input.origin);
		if (lock !== undefined && user !== undefined) await reportLock(deps, user, tenantIds, lock, input.origin);
		throw new AppError("unauthenticated", WRONG_CREDENTIALS);
	}
	await admission.succeeded();
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
	const tokens = await issueSession(deps, { userId: user.id, tenantId: chosen.tenant.id, roles: chosen.roles });
	await recordAudit(db, { action: "auth.login", tenantId: chosen.tenant.id, actorUserId: user.id, targetType: "user", targetId: user.id, ...auditOrigin(input.origin) });
	return tokens;
}

/**
 * auth.login_failed in every school of a known account (so its admins see attacks on their people), or
 * without a school for an unknown address. No email in the event: ids only. Answers the schools it wrote to.
 */
async function recordFailure(db: Sequelize, userId: string | undefined, reason: string, origin: Origin): Promise<string[]> {
	const tenantIds = userId === undefined ? [] : (await listMembershipsOfUser(db, userId)).map((membership) => membership.tenant.id);
	for (const tenantId of tenantIds.length === 0 ? [null] : tenantIds) {
		await recordAudit(db, {
			action: "auth.login_failed",
			tenantId,
			...(userId === undefined ? {} : { targetType: "user", targetId: userId }),
			...auditOrigin(origin),
			details: { reason },
		});
	}
	return tenantIds;
}

/** A lock on a disabled account or one without an email tells nobody: its owner cannot sign in anyway. */
async function reportLock(deps: AuthDeps, user: UserRecord, tenantIds: string[], lock: SignInLock, origin: Origin): Promise<void> {
	if (user.status !== "active" || user.email === null) return;
	try {
		await notifyAccountLocked(deps, { userId: user.id, email: user.email, tenantIds }, lock, origin);
	} catch (error) {
		// The 401 stands whatever happens to the notice; the log keeps why it was not sent.
		deps.logger?.error({ err: error, userId: user.id }, "could not report an account lock");
	}
}
