import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Sessions carry a tenant: the second wall applies to them too. The auth module reaches them by token hash or
 * session id in the system scope (the caller's tenant is what it is finding out); tenancy revokes a member's
 * sessions inside its tenant scope.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	await enableTenantRls(queryInterface, "auth_sessions");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "auth_sessions");
};
