import { randomUUID } from "node:crypto";
import type { SignupAccepted } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Origin } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { AppError } from "../../../errors/app-error";
import { withSystem } from "../../../db/tenant-scope";
import { findUserByEmail, issuePasswordResetLink, normalizeEmail } from "../../auth";
import { queueMail } from "../../mail";
import { signupThrottles } from "./signup-limits";
import { generateSignupToken, SIGNUP_LINK_TTL_SECONDS, signupLink } from "./signup-token";

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

export interface RequestSignup {
	readonly organizationName: string;
	readonly email: string;
	readonly origin: Origin;
}

const ACCEPTED: SignupAccepted = { status: "accepted", linkValidForSeconds: SIGNUP_LINK_TTL_SECONDS };

/**
 * The first step of a sign-up, answering the same 202 whatever the address: a new address is mailed a single-use
 * link that finishes the school (completeSignup); an address with an account is mailed how to sign in or reset
 * its password. Both paths do the same work (one lookup, one row written, one mail queued), so the answer's
 * timing does not tell them apart either. Limited per IP address (429) and, silently, per email address.
 */
export async function requestSignup(deps: Deps, input: RequestSignup): Promise<SignupAccepted> {
	const organizationName = input.organizationName.trim();
	if (organizationName === "") {
		throw new AppError("validation_failed", "Give your school's name.", { issues: [{ path: "/organizationName", code: "blank", message: "must not be blank" }] });
	}
	const email = input.email.trim();
	const throttles = signupThrottles(deps);
	await throttles.address.hit(input.origin.ip ?? "unknown");
	try {
		await throttles.email.hit(normalizeEmail(email));
	} catch (error) {
		if (!(error instanceof AppError) || error.code !== "rate_limited") throw error;
		deps.logger.info("sign-up mail not sent: too many requests for this email address");
		return ACCEPTED;
	}
	const existing = await findUserByEmail(deps.infra.db, email);
	if (existing === undefined) await pendSignup(deps, { organizationName, email });
	else await existingAccount(deps, existing, email);
	return ACCEPTED;
}

/**
 * Keeps the sign-up (name and address, no password) under the hash of a new token, sweeps out stale ones, and queues
 * the mail with the link in the same transaction (one mail per pending sign-up).
 */
async function pendSignup(deps: Deps, signup: { organizationName: string; email: string }): Promise<void> {
	const db = deps.infra.db;
	const { token, hash } = generateSignupToken();
	await withSystem(db, async (transaction) => {
		await db.query("DELETE FROM pending_signups WHERE expires_at <= now()", { transaction });
		const [row] = await db.query<{ id: string }>(
			`INSERT INTO pending_signups (organization_name, email, email_normalized, token_hash, expires_at)
			 VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id`,
			{ bind: [signup.organizationName, signup.email, normalizeEmail(signup.email), hash, SIGNUP_LINK_TTL_SECONDS], type: QueryTypes.SELECT, transaction },
		);
		await queueMail(
			deps,
			{
				to: signup.email,
				template: "signup-finish",
				data: { organizationName: signup.organizationName, link: signupLink(deps.config.publicUrl, token) },
				idempotencyKey: `signup-finish:${row?.id ?? randomUUID()}`,
			},
			{ transaction },
		);
	});
}

/**
 * The account's owner learns how to get in; a reset link is written for an active account (the same one write), and
 * the mail is keyed by that reset (by the request when there is none: a disabled account).
 */
async function existingAccount(deps: Deps, account: { id: string; email: string | null; status: "active" | "disabled" }, email: string): Promise<void> {
	const db = deps.infra.db;
	await withSystem(db, async (transaction) => {
		await db.query("DELETE FROM pending_signups WHERE expires_at <= now()", { transaction });
		const reset = account.status === "active" ? await issuePasswordResetLink(deps, { userId: account.id }, { transaction }) : undefined;
		await queueMail(
			deps,
			{
				to: account.email ?? email,
				template: "signup-existing-account",
				data: { signInLink: `${deps.config.publicUrl}/sign-in`, ...(reset === undefined ? {} : { resetLink: reset.link }) },
				idempotencyKey: `signup-existing-account:${reset?.resetId ?? randomUUID()}`,
			},
			{ transaction },
		);
	});
}
