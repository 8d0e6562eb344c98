import type { ApiKeyScope } from "@toolboxai/shared";
import type { Permission } from "./permissions";

/** What a route requires of its caller. Every route declares one, so nothing is open by accident. */
export type Access =
	| { readonly kind: "public" }
	| { readonly kind: "user"; readonly permission?: Permission }
	/** "any": any live key of the school (only for what a key may always know about itself). */
	| { readonly kind: "api_key"; readonly scope: ApiKeyScope | "any" }
	/** Either a signed-in person with the permission (dashboard, Studio) or an API key with the scope (CI, the CLI). */
	| { readonly kind: "user_or_api_key"; readonly permission: Permission; readonly scope: ApiKeyScope };
