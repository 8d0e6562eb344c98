/**
 * Who a page is for. public: anyone, no session needed (sign-in, sign-up and the links in emails); signed-in: any
 * member; staff: teachers and admins; admin: school admins. Staff and admin pages are left out of the navigation
 * for others (the service refuses their calls anyway).
 */
export type Audience = "public" | "signed-in" | "staff" | "admin";

/** Whether someone with these roles is who the page is for (navigation shows only those). */
export function audienceIncludes(audience: Audience, roles: ReadonlyArray<string>): boolean {
	const admin = roles.includes("tenant_admin") || roles.includes("platform_admin");
	if (audience === "admin") return admin;
	// Teachers see classes and deployments (deployments:read); students do not.
	if (audience === "staff") return admin || roles.includes("teacher");
	return true;
}
