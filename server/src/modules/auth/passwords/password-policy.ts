import { AppError } from "../../../errors/app-error";
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * NIST 800-63B style: length over composition rules (the contract enforces 12–128), and no password that
 * is one of the most common or contains the person's email name. Throws validation_failed with an issue on
 * `password`, so the client can show it beside the field.
 */
export function checkPasswordPolicy(password: string, context: { email?: string } = {}): void {
	const problem = passwordProblem(password, context);
	if (problem === undefined) return;
	throw new AppError("validation_failed", `The password ${problem.message}.`, { issues: [{ path: "/password", ...problem }] });
}

function passwordProblem(password: string, context: { email?: string }): { code: string; message: string } | undefined {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
		return { code: "password_length", message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` };
	}
	const plain = password.toLowerCase().replace(/\s+/g, "");
	if (COMMON_PASSWORDS.has(plain) || new Set(plain).size === 1) return { code: "password_common", message: "is too common; choose another" };
	const localPart = context.email?.split("@")[0]?.toLowerCase().replace(/\s+/g, "") ?? "";
	// Short local parts ("al") would refuse too much; from 3 characters on, the name inside the password is guessable.
	if (localPart.length >= 3 && plain.includes(localPart)) return { code: "password_contains_email", message: "must not contain your email name" };
	return undefined;
}
