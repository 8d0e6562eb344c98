import type { Invitation, Role } from "@toolboxai/shared";

export interface InvitationRow {
	readonly id: string;
	readonly email: string;
	readonly role: Role;
	readonly expires_at: Date;
	readonly accepted_at: Date | null;
	readonly revoked_at: Date | null;
	readonly created_at: Date;
}

export const INVITATION_COLUMNS = "id, email, role, expires_at, accepted_at, revoked_at, created_at";

export function toInvitation(row: InvitationRow): Invitation {
	return {
		id: row.id,
		email: row.email,
		role: row.role,
		expiresAt: row.expires_at.toISOString(),
		...(row.accepted_at === null ? {} : { acceptedAt: row.accepted_at.toISOString() }),
		...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.toISOString() }),
		createdAt: row.created_at.toISOString(),
	};
}
