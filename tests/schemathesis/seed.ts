/**
 * The school schemathesis runs as: one new school and its first administrator, made through the public API the way a
 * person makes one (sign-up, the link from the mail, completion). Everything about how an account comes to exist lives
 * here and in the browser tests' signup helper, so a change to sign-up changes only those.
 */
import { signup } from "../browser/support/api";
import type { Service } from "../browser/support/service";

export interface SeededAdmin {
	readonly email: string;
	readonly accessToken: string;
}

export async function seedSchoolAdmin(service: Service): Promise<SeededAdmin> {
	const account = await signup(service, "schemathesis");
	return { email: account.email, accessToken: account.accessToken };
}
