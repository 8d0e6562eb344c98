import type { PrivacyRequestCreate } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { AppError } from "../../../errors/app-error";

export interface ResolvedSubject {
	readonly kind: "student" | "staff" | "school";
	readonly userId: string | null;
	readonly robloxUserId: string | null;
}

const STAFF_ROLES = ["teacher", "tenant_admin"];

/** The school's member the request is about (checked against their role), or the whole school. */
export async function resolveSubject(db: Sequelize, transaction: Transaction, tenantId: string, subject: PrivacyRequestCreate["subject"]): Promise<ResolvedSubject> {
	if (subject.kind === "school") {
		if (subject.userId !== undefined || subject.robloxUserId !== undefined)
			throw new AppError("bad_request", "A request about the whole school names no member: leave out userId and robloxUserId.");
		return { kind: "school", userId: null, robloxUserId: null };
	}
	if ((subject.userId === undefined) === (subject.robloxUserId === undefined)) {
		throw new AppError("bad_request", "Name the person by exactly one of userId or robloxUserId.");
	}
	if (subject.kind === "staff" && subject.robloxUserId !== undefined) throw new AppError("bad_request", "Staff members are named by userId.");
	const roles = subject.kind === "student" ? ["student"] : STAFF_ROLES;
	const [row] = await db.query<{ id: string; roblox_user_id: string | null }>(
		`SELECT u.id, u.roblox_user_id::text AS roblox_user_id FROM users u
		 WHERE (u.id = $2::uuid OR u.roblox_user_id = $3::bigint)
		   AND EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = u.id AND m.role = ANY($4::text[]))`,
		{ bind: [tenantId, subject.userId ?? null, subject.robloxUserId ?? null, roles], type: QueryTypes.SELECT, transaction },
	);
	if (row === undefined) throw new AppError("not_found", subject.kind === "student" ? "No student of this school matches." : "No staff member of this school matches.");
	return { kind: subject.kind, userId: row.id, robloxUserId: row.roblox_user_id };
}
