import type { Member, Role } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";

interface Row {
	readonly user_id: string;
	readonly email: string | null;
	readonly display_name: string;
	readonly roles: Role[];
	readonly joined_at: Date;
}

const MEMBER_SELECT = `
	SELECT u.id AS user_id, u.email, u.display_name, array_agg(m.role ORDER BY m.role) AS roles, min(m.created_at) AS joined_at
	FROM memberships m JOIN users u ON u.id = m.user_id`;

export function toMember(row: Row): Member {
	return {
		user: { id: row.user_id, ...(row.email === null ? {} : { email: row.email }), displayName: row.display_name },
		roles: row.roles,
		joinedAt: row.joined_at.toISOString(),
	};
}

/** Everyone in the school, with their roles there, longest-standing first. */
export async function listMembers(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<Member[]> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<Row>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 GROUP BY u.id ORDER BY joined_at, u.id`, {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return rows.map(toMember);
	});
}

/** One member of the school, or undefined (also for a person who is only a member elsewhere). */
export async function findMember(db: Sequelize, tenantId: string, userId: string): Promise<Member | undefined> {
	return withTenant(db, tenantId, async (transaction) => {
		const [row] = await db.query<Row>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2 GROUP BY u.id`, {
			bind: [tenantId, userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return row === undefined ? undefined : toMember(row);
	});
}
