import type { ClassJoined, ClassJoinRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { ApiKeyCaller } from "../../access/caller";
import { notFound } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { reserveSeat } from "../billing";
import { findClassByJoinCode } from "./find-class-by-join-code";

/**
 * A student typed a class code in game: link their Roblox user to a student of the key's school (made on first
 * join, with no email and no password) and put them on the roster. Another school's code answers the same 404 as
 * an unknown, rotated or expired code or an archived class, so a key cannot probe other schools' codes.
 * Joining again changes nothing but the display name.
 */
export async function joinClass(deps: Pick<AppDependencies, "infra" | "config">, caller: ApiKeyCaller, input: ClassJoinRequest): Promise<ClassJoined> {
	const db = deps.infra.db;
	const found = await findClassByJoinCode(db, input.joinCode);
	if (found === undefined || found.tenantId !== caller.tenantId) throw notFound("class");
	return withTenant(db, caller.tenantId, async (transaction) => {
		// The class may have been archived since the lookup; the share lock holds it until we commit.
		const [klass] = await db.query<{ name: string }>("SELECT name FROM classes WHERE tenant_id = $1 AND id = $2 AND archived_at IS NULL FOR SHARE", {
			bind: [caller.tenantId, found.classId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (klass === undefined) throw notFound("class");
		const studentUserId = await studentFor(db, transaction, input);
		// A new student takes a seat of the school's subscription (or the join is refused), under the school's billing lock.
		await reserveSeat(deps, transaction, { tenantId: caller.tenantId, studentUserId });
		await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'student') ON CONFLICT (tenant_id, user_id, role) DO NOTHING", {
			bind: [caller.tenantId, studentUserId],
			transaction,
		});
		const added = await db.query<{ user_id: string }>(
			"INSERT INTO class_members (tenant_id, class_id, user_id) VALUES ($1, $2, $3) ON CONFLICT (class_id, user_id) DO NOTHING RETURNING user_id",
			{ bind: [caller.tenantId, found.classId, studentUserId], type: QueryTypes.SELECT, transaction },
		);
		if (added.length > 0) {
			// Ids only: the display name is typed by a child and stays out of the audit trail.
			await recordAudit(db, { action: "class.student_joined", ...auditedBy(caller), targetType: "class", targetId: found.classId, details: { studentUserId } }, { transaction });
		}
		return { classId: found.classId, className: klass.name, studentUserId, robloxUserId: input.robloxUserId, alreadyMember: added.length === 0 };
	});
}

/**
 * The user linked to this Roblox UserId (users.roblox_user_id is unique across the service), made if new. A
 * game-made student (no email) takes the display name the game sends; an account with an email keeps its own.
 */
async function studentFor(db: Sequelize, transaction: Transaction, input: ClassJoinRequest): Promise<string> {
	const [made] = await db.query<{ id: string }>(
		`INSERT INTO users (display_name, roblox_user_id) VALUES ($1, $2)
		 ON CONFLICT (roblox_user_id) WHERE roblox_user_id IS NOT NULL DO NOTHING RETURNING id`,
		{ bind: [input.displayName, input.robloxUserId], type: QueryTypes.SELECT, transaction },
	);
	if (made !== undefined) return made.id;
	const [existing] = await db.query<{ id: string }>(
		`UPDATE users SET display_name = CASE WHEN email IS NULL THEN $2 ELSE display_name END, updated_at = now()
		 WHERE roblox_user_id = $1 RETURNING id`,
		{ bind: [input.robloxUserId, input.displayName], type: QueryTypes.SELECT, transaction },
	);
	if (existing === undefined) throw new Error("A user with this Roblox UserId vanished during the join");
	return existing.id;
}
