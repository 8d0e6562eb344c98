import { QueryTypes, type Sequelize } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import { normaliseJoinCode } from "./join-code";

export interface JoinableClass {
	readonly classId: string;
	readonly tenantId: string;
	readonly name: string;
	readonly teacherUserId: string;
}

/**
 * The class a student's typed code opens, for the game: a game server knows the code, not the school,
 * so this runs as the system. Case and separators do not matter. Rotated (revoked) and expired codes, and codes
 * of archived classes, find nothing. The caller must still check the class's tenant against its API key's.
 */
export async function findClassByJoinCode(db: Sequelize, input: string): Promise<JoinableClass | undefined> {
	const code = normaliseJoinCode(input);
	if (code === undefined) return undefined;
	return withSystem(db, async (transaction) => {
		const [row] = await db.query<{ id: string; tenant_id: string; name: string; teacher_user_id: string }>(
			`SELECT c.id, c.tenant_id, c.name, c.teacher_user_id
			 FROM class_join_codes j JOIN classes c ON c.id = j.class_id AND c.tenant_id = j.tenant_id
			 WHERE j.code = $1 AND j.revoked_at IS NULL AND j.expires_at > now() AND c.archived_at IS NULL`,
			{ bind: [code], type: QueryTypes.SELECT, transaction },
		);
		return row === undefined ? undefined : { classId: row.id, tenantId: row.tenant_id, name: row.name, teacherUserId: row.teacher_user_id };
	});
}
