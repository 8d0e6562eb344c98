import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { generateJoinCode, JOIN_CODE_DEFAULT_DAYS } from "./join-code";

const ATTEMPTS = 8;

/**
 * Revokes the class's current code (if any) and stores a fresh one valid for `days`. Runs in the caller's
 * tenant-scoped transaction. A code still active anywhere (any school: the index is global) is skipped by
 * ON CONFLICT and another is drawn; 8 collisions in a row would mean the code space is nearly full.
 */
export async function issueJoinCode(
	db: Sequelize,
	transaction: Transaction,
	target: { tenantId: string; classId: string; days?: number },
	generate: () => string = generateJoinCode,
): Promise<{ code: string; expiresAt: Date }> {
	await db.query("UPDATE class_join_codes SET revoked_at = now() WHERE tenant_id = $1 AND class_id = $2 AND revoked_at IS NULL", {
		bind: [target.tenantId, target.classId],
		transaction,
	});
	const days = target.days ?? JOIN_CODE_DEFAULT_DAYS;
	for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
		const [row] = await db.query<{ code: string; expires_at: Date }>(
			`INSERT INTO class_join_codes (tenant_id, class_id, code, expires_at)
			 VALUES ($1, $2, $3, now() + make_interval(days => $4::int))
			 ON CONFLICT DO NOTHING
			 RETURNING code, expires_at`,
			{ bind: [target.tenantId, target.classId, generate(), days], type: QueryTypes.SELECT, transaction },
		);
		if (row !== undefined) return { code: row.code, expiresAt: row.expires_at };
	}
	throw new Error("Could not find a free join code");
}
