import type { Environment } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadEnvironment } from "./environment-access";
import type { EnvironmentDbDeps } from "./environment-deps";
import { toEnvironment } from "./environment-row";

export async function getEnvironment(deps: EnvironmentDbDeps, caller: Caller, input: { readonly environmentId: string }): Promise<Environment> {
	const { db } = deps.infra;
	return withTenant(db, caller.tenantId, async (transaction) => toEnvironment(await loadEnvironment(db, transaction, caller.tenantId, input.environmentId)));
}
