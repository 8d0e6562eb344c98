import type { Lesson } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { findLesson } from "./lesson-access";
import { toLesson } from "./lesson-row";

/** Any member with lessons:read sees every lesson of the school (colleagues reuse each other's lessons). */
export async function getLesson(db: Sequelize, tenantId: string, lessonId: string): Promise<Lesson> {
	return withTenant(db, tenantId, async (transaction) => toLesson(await findLesson(db, transaction, tenantId, lessonId)));
}
