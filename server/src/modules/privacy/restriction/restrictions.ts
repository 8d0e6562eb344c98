import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import type { PrivacyDeps } from "../privacy-deps";

/** The school's students whose progress is not recorded (restriction requests), newest first. */
export async function listRestrictedStudents(deps: Pick<PrivacyDeps, "infra">, caller: UserCaller) {
	const db = deps.infra.db;
	const rows = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<{ user_id: string; display_name: string; roblox_user_id: string | null; restricted_at: string }>(
			`SELECT r.user_id, u.display_name, u.roblox_user_id::text AS roblox_user_id,
				to_char(r.restricted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS restricted_at
			 FROM privacy_processing_restrictions r JOIN users u ON u.id = r.user_id WHERE r.tenant_id = $1 ORDER BY r.restricted_at DESC, r.user_id`,
			{ bind: [caller.tenantId], type: QueryTypes.SELECT, transaction },
		),
	);
	return {
		items: rows.map((row) => ({
			userId: row.user_id,
			displayName: row.display_name,
			...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
			restrictedAt: row.restricted_at,
		})),
	};
}

/** Lifts a student's restriction: progress from the game is recorded again from now on (what was dropped is gone). 404 for anyone not a student of the school. */
export async function liftRestriction(deps: Pick<PrivacyDeps, "infra">, caller: UserCaller, input: { readonly userId: string }) {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [student] = await db.query<{ user_id: string }>("SELECT user_id FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role = 'student'", {
			bind: [caller.tenantId, input.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (student === undefined) throw new AppError("not_found", "No student of this school has this id.");
		const removed = await db.query<{ user_id: string }>("DELETE FROM privacy_processing_restrictions WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id", {
			bind: [caller.tenantId, input.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (removed.length > 0) {
			await recordAudit(
				db,
				{ action: "privacy.restriction_lifted", ...auditedBy(caller), targetType: "user", targetId: input.userId, details: { userId: input.userId } },
				{ transaction },
			);
		}
		return { userId: input.userId, lifted: removed.length > 0 };
	});
}
