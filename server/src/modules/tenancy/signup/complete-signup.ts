import type { SignupResponse } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Origin } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { AppError } from "../../../errors/app-error";
import { withSystem } from "../../../db/tenant-scope";
import { createSchool } from "./create-school";
import { hashSignupToken } from "./signup-token";

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

export interface CompleteSignup {
	readonly token: string;
	readonly password: string;
	readonly displayName?: string;
	readonly origin: Origin;
}

/** Same answer for unknown, used and expired links: a link that does not work says nothing more. */
const INVALID = () => new AppError("not_found", "This sign-up link is not valid any more: it was used already or is older than 24 hours. Sign up again.");

/**
 * The second step of a sign-up, from the emailed link: creates the school with the person's chosen password and
 * signs them in. The address's pending sign-ups are deleted in the same transaction, so the link works once; a
 * refused password (422) or an address that got an account meanwhile (409) leaves the link usable.
 */
export async function completeSignup(deps: Deps, input: CompleteSignup): Promise<SignupResponse> {
	const db = deps.infra.db;
	return withSystem(db, async (transaction) => {
		const [pending] = await db.query<{ organization_name: string; email: string; email_normalized: string }>(
			"SELECT organization_name, email, email_normalized FROM pending_signups WHERE token_hash = $1 AND expires_at > now() FOR UPDATE",
			{ bind: [hashSignupToken(input.token)], type: QueryTypes.SELECT, transaction },
		);
		if (pending === undefined) throw INVALID();
		const displayName = input.displayName?.trim();
		const school = await createSchool(
			deps,
			{
				organizationName: pending.organization_name,
				email: pending.email,
				password: input.password,
				...(displayName === undefined || displayName === "" ? {} : { displayName }),
				origin: input.origin,
			},
			{ transaction },
		);
		await db.query("DELETE FROM pending_signups WHERE email_normalized = $1", { bind: [pending.email_normalized], transaction });
		return school;
	});
}
