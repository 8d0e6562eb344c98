import type { AuditEvent } from "@toolboxai/shared";

/** Plain words for the audit actions the dashboard knows; any other action is shown by its code. */
export const ACTION_LABELS: Record<string, string> = {
	"auth.login": "Signed in",
	"auth.login_failed": "Failed sign-in",
	"auth.logout": "Signed out",
	"auth.password_reset": "Password reset",
	"auth.account_locked": "Sign-in locked after failed attempts",
	"auth.refresh_reuse": "Reused sign-in token: session ended",
	"auth.session_ended": "Session ended from the sessions page",
	"auth.signed_out_everywhere": "Signed out everywhere",
	"apikey.created": "API key created",
	"apikey.revoked": "API key revoked",
	"device.approved": "Studio sign-in approved",
	"device.denied": "Studio sign-in denied",
	"member.role_changed": "Role changed",
	"member.removed": "Member removed",
	"member.sign_in_unlocked": "Sign-in unlocked",
	"environment.created": "Deployment environment created",
	"environment.updated": "Deployment environment changed",
	"environment.key_changed": "Open Cloud key changed",
	"environment.deleted": "Deployment environment deleted",
};

export function actor(event: AuditEvent): string {
	if (event.actorUserId !== undefined) return `user ${event.actorUserId.slice(0, 8)}`;
	if (event.actorApiKeyId !== undefined) return `API key ${event.actorApiKeyId.slice(0, 8)}`;
	return "—";
}
