import type { Invitation } from "../../api/people";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

/** Where an invitation stands, read from its dates (`now` for tests). */
export function invitationStatus(invitation: Invitation, now: number = Date.now()): InvitationStatus {
	if (invitation.acceptedAt !== undefined) return "accepted";
	if (invitation.revokedAt !== undefined) return "revoked";
	return Date.parse(invitation.expiresAt) <= now ? "expired" : "pending";
}

export const STATUS_WORDS: Readonly<Record<InvitationStatus, string>> = {
	pending: "Waiting",
	accepted: "Accepted",
	revoked: "Revoked",
	expired: "Expired",
};
