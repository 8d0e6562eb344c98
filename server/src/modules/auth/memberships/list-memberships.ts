import type { Role, TenantSummary } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";

export interface MembershipOfUser {
	readonly tenant: TenantSummary;
	readonly roles: Role[];
	/** The school's IANA time zone (the signed-in school's is returned by getMe). */
	readonly timeZone: string;
}

interface Row {
	readonly tenant_id: string;
	readonly name: string;
	readonly kind: TenantSummary["kind"];
	readonly time_zone: string;
	readonly roles: Role[];
}

/**
 * Every tenant a person belongs to, with their roles there (oldest membership first). Cross-tenant by nature
 * (sign-in picks the school from this list), so it runs as the system role.
 */
export async function listMembershipsOfUser(db: Sequelize, userId: string, options: { transaction?: Transaction } = {}): Promise<MembershipOfUser[]> {
	return withSystem(
		db,
		async (transaction) => {
			const rows = await db.query<Row>(
				`SELECT t.id AS tenant_id, t.name, t.kind, t.time_zone, array_agg(m.role ORDER BY m.role) AS roles
				 FROM memberships m JOIN tenants t ON t.id = m.tenant_id
				 WHERE m.user_id = $1
				 GROUP BY t.id, t.name, t.kind, t.time_zone
				 ORDER BY min(m.created_at), t.id`,
				{ bind: [userId], type: QueryTypes.SELECT, transaction },
			);
			return rows.map((row) => ({ tenant: { id: row.tenant_id, name: row.name, kind: row.kind }, roles: row.roles, timeZone: row.time_zone }));
		},
		options,
	);
}
