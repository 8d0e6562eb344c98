import { TENANT_ROLES, type Role, type TenantRole } from "@toolboxai/shared";

const WORDS: Readonly<Record<Role, string>> = {
	tenant_admin: "School admin",
	teacher: "Teacher",
	student: "Student",
	guardian: "Guardian",
	platform_admin: "Operator",
};

/** A role as people say it. */
export function roleWord(role: Role): string {
	return WORDS[role];
}

export function rolesText(roles: ReadonlyArray<Role>): string {
	return roles.map(roleWord).join(", ");
}

/** The roles a school gives, in the order the pages offer them. */
export const SCHOOL_ROLES: ReadonlyArray<TenantRole> = TENANT_ROLES;
