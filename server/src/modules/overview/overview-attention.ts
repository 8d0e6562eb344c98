import { OVERVIEW_INVITATIONS_MAX, type OverviewExpiredInvitation } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { OverviewScope } from "./overview-scope";

/** An expired invitation stays worth a look this long; older ones are history (the invitations page keeps them). */
const EXPIRED_WITHIN_DAYS = 30;

interface InvitationRow {
	id: string;
	email: string;
	role: string;
	expires_at: Date;
}

/**
 * Invitations that expired lately unanswered: not accepted, not revoked, and nobody has invited the same address
 * again since (a resend or a new invitation settles it). Newest expiry first.
 */
export async function expiredInvitations(db: Sequelize, transaction: Transaction, tenantId: string): Promise<OverviewExpiredInvitation[]> {
	const rows = await db.query<InvitationRow>(
		`SELECT i.id, i.email, i.role, i.expires_at FROM invitations i
		 WHERE i.tenant_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		   AND i.expires_at <= now() AND i.expires_at > now() - make_interval(days => $2)
		   AND NOT EXISTS (
			SELECT 1 FROM invitations later
			WHERE later.tenant_id = i.tenant_id AND later.email_normalized = i.email_normalized AND later.created_at > i.created_at
		   )
		 ORDER BY i.expires_at DESC, i.id
		 LIMIT $3`,
		{ bind: [tenantId, EXPIRED_WITHIN_DAYS, OVERVIEW_INVITATIONS_MAX], type: QueryTypes.SELECT, transaction },
	);
	return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, expiredAt: new Date(row.expires_at).toISOString() }));
}

/**
 * Progress events stored but not yet counted into the summaries: the school's, or those of the students in the
 * teacher's classes. The partial index on pending events keeps this cheap however large the table grows.
 */
export async function pendingEvents(db: Sequelize, transaction: Transaction, scope: OverviewScope): Promise<number> {
	const [row] = await db.query<{ pending: number }>(
		`SELECT count(*)::int AS pending FROM progress_events e
		 WHERE e.tenant_id = $1 AND e.aggregated_at IS NULL
		   AND ($2::uuid IS NULL OR EXISTS (
			SELECT 1 FROM class_members m JOIN classes c ON c.tenant_id = m.tenant_id AND c.id = m.class_id
			WHERE m.tenant_id = e.tenant_id AND m.user_id = e.student_user_id AND c.teacher_user_id = $2::uuid
		   ))`,
		{ bind: [scope.tenantId, scope.teacherUserId ?? null], type: QueryTypes.SELECT, transaction },
	);
	return row?.pending ?? 0;
}
