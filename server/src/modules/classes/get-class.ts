import type { Class } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { loadClass, type ClassCaller } from "./class-access";
import { toClass } from "./class-row";

export async function getClass(db: Sequelize, caller: ClassCaller, classId: string): Promise<Class> {
	return withTenant(db, caller.tenantId, async (transaction) => toClass(await loadClass(db, transaction, caller, classId)));
}
