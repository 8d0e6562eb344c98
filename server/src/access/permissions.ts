import type { Role } from "@toolboxai/shared";

/**
 * The one table of what each role may do. Routes declare the permission they need (checked by the route
 * registry), and services check again at object level (e.g. a teacher edits only their own lessons).
 */
export const PERMISSIONS = [
	"tenant:read",
	"tenant:manage",
	"members:read",
	"members:invite",
	"members:manage",
	"apikeys:manage",
	"audit:read",
	"device:approve",
	"lessons:read",
	"lessons:write",
	"lessons:write_any",
	"lessons:publish",
	"classes:read",
	"classes:manage",
	"progress:read",
	"progress:read_any",
	"students:read_linked",
	"deployments:read",
	"deployments:manage",
	"billing:manage",
	"privacy:manage",
	"mail:manage",
	"platform:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TEACHER: ReadonlyArray<Permission> = [
	"tenant:read",
	"members:read",
	"device:approve",
	"lessons:read",
	"lessons:write",
	"lessons:publish",
	"classes:read",
	"classes:manage",
	"progress:read",
	"deployments:read",
];

const TENANT_ADMIN: ReadonlyArray<Permission> = [
	...TEACHER,
	"tenant:manage",
	"members:invite",
	"members:manage",
	"apikeys:manage",
	"audit:read",
	"lessons:write_any",
	"progress:read_any",
	"deployments:manage",
	"billing:manage",
	"privacy:manage",
	"mail:manage",
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
	platform_admin: new Set(PERMISSIONS),
	tenant_admin: new Set(TENANT_ADMIN),
	teacher: new Set(TEACHER),
	student: new Set<Permission>(["tenant:read"]),
	guardian: new Set<Permission>(["tenant:read", "students:read_linked"]),
};

export function rolesAllow(roles: ReadonlyArray<Role>, permission: Permission): boolean {
	return roles.some((role) => ROLE_PERMISSIONS[role].has(permission));
}
