import { SignupAccepted, SignupCompleteRequest, SignupRequest, SignupResponse } from "@toolboxai/shared";
import type { AppDependencies } from "../../../http/app-module";
import { originOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { completeSignup } from "../signup/complete-signup";
import { requestSignup } from "../signup/request-signup";

/** Creating a school: the request, then the emailed link's confirmation. */
export function signupRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "post",
			path: "/v1/signup",
			operationId: "signup",
			summary: "Ask to create a school: the next step arrives by email",
			description:
				"Always the same 202, whether or not the address has an account. A new address is mailed a single-use link, valid 24 hours, " +
				"to a dashboard page that finishes the school (completeSignup); an address with an account is mailed how to sign in or reset its password. " +
				"Limited per IP address (429 with Retry-After) and per email address (past the limit nothing more is sent; the answer stays 202).",
			tags: ["tenancy"],
			access: { kind: "public" },
			request: { body: SignupRequest, example: { organizationName: "Maple Grove Middle School", email: "admin@maplegrove.example" } },
			response: { status: 202, body: SignupAccepted, description: "Check your mail." },
			errors: ["rate_limited"],
			handle: ({ req, body, logger }) => requestSignup({ ...deps, logger }, { ...body, origin: originOf(req) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/signup/complete",
			operationId: "completeSignup",
			summary: "Finish creating a school with the emailed link",
			description:
				"Creates the school, its first tenant_admin with the chosen password, and a signed-in session. The link works once, within 24 hours: " +
				"an unknown, used or expired link is 404 not_found. A refused password (422) leaves the link usable.",
			tags: ["tenancy"],
			access: { kind: "public" },
			request: { body: SignupCompleteRequest, example: { token: "sgn_Zm9vYmFy", password: "correct horse battery staple", displayName: "Ms Rivera" } },
			response: { status: 201, body: SignupResponse, description: "The new school, its administrator and their tokens." },
			errors: ["not_found", "conflict"],
			// (Tokens in the reply: the registry marks every reply no-store.)
			handle: ({ req, body }) =>
				completeSignup(deps, {
					token: body.token,
					password: body.password,
					...(body.displayName === undefined ? {} : { displayName: body.displayName }),
					origin: originOf(req),
				}),
		}),
	];
}
