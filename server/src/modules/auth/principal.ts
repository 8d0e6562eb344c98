import type { ApiKeyScope, Role } from "@toolboxai/shared";
import type { Permission } from "./permissions";

/**
 * Who is calling, established by authentication and never taken from the URL or body.
 * The tenant comes from here only: data access functions take `principal.tenantId`.
 */
export type Principal =
	| {
			readonly kind: "user";
			readonly userId: string;
			readonly tenantId: string;
			readonly roles: ReadonlyArray<Role>;
			/** The refresh-token family this access token belongs to; revoking it ends the session. */
			readonly sessionId: string;
	  }
	| {
			readonly kind: "api_key";
			readonly apiKeyId: string;
			readonly tenantId: string;
			readonly scopes: ReadonlyArray<ApiKeyScope>;
	  };

/** What a route requires of its caller. Every route declares one, so nothing is open by accident. */
export type Access =
	| { readonly kind: "public" }
	| { readonly kind: "user"; readonly permission?: Permission }
	| { readonly kind: "api_key"; readonly scope: ApiKeyScope }
	/** Either a signed-in person with the permission (dashboard, Studio) or an API key with the scope (CI, the CLI). */
	| { readonly kind: "user_or_api_key"; readonly permission: Permission; readonly scope: ApiKeyScope };

declare module "express-serve-static-core" {
	interface Request {
		/** Set by authentication for routes whose access is not public. */
		principal?: Principal;
	}
}
