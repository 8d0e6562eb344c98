import type { Class } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { loadClass } from "./class-access";
import { toClass } from "./class-row";

export async function getClass(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { classId: string }): Promise<Class> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => toClass(await loadClass(db, transaction, caller, input.classId)));
}
