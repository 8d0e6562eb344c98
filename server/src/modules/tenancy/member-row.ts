import type { Member, Role } from "@toolboxai/shared";

export interface MemberRow {
	readonly user_id: string;
	readonly email: string | null;
	readonly display_name: string;
	readonly roles: Role[];
	readonly joined_at: Date;
}

/** One row per person: their roles in the school, and when they first joined it. */
export const MEMBER_SELECT = `
	SELECT u.id AS user_id, u.email, u.display_name, array_agg(m.role ORDER BY m.role) AS roles, min(m.created_at) AS joined_at
	FROM memberships m JOIN users u ON u.id = m.user_id`;

export function toMember(row: MemberRow): Member {
	return {
		user: { id: row.user_id, ...(row.email === null ? {} : { email: row.email }), displayName: row.display_name },
		roles: row.roles,
		joinedAt: row.joined_at.toISOString(),
	};
}
