/**
 * Every audit action the service records, each with a short label (the "what" filter) and one sentence a person
 * can read. The service types `recordAudit`'s action from this list, so a new action is one line here; the
 * audit page and the audit API's `sentence` both come from it.
 */

/** The names an event's sentence is written with, resolved in the event's school (never ids). */
export interface AuditNames {
	/** Who did it: "Ana Lopez", "a game server using key ‘Lab key’", "someone" when nobody signed in. */
	readonly actor: string;
	/** What it was done to: "Fractions", "Period 3"; once it is gone, words such as "a class since deleted". */
	readonly target: string;
	/** Whether `target` is the thing's name (it is still in the school), not words for something gone. */
	readonly targetKnown: boolean;
	/** A lesson named in the details (assignments). */
	readonly lesson: string;
	/** A person named in the details (a student who joined, the owner of an ended session). */
	readonly person: string;
	/** The deployment environment named in the details. */
	readonly environment: string;
	/** The release named in the details, e.g. "release 4". */
	readonly release: string;
}

/** "the class Period 3" while the class is there, else the words for it ("a class since deleted"). */
function the(names: AuditNames, noun: string): string {
	if (!names.targetKnown) return names.target;
	return noun === "API key" ? `the API key ‘${names.target}’` : `the ${noun} ${names.target}`;
}

type Details = Readonly<Record<string, unknown>>;
type Sentence = (names: AuditNames, details: Details) => string;

function text(details: Details, key: string, fallback: string): string {
	const value = details[key];
	return typeof value === "string" || typeof value === "number" ? String(value) : fallback;
}

/** A code as words: tenant_admin reads "school admin", dry_run "dry run". */
function words(code: string): string {
	return code === "tenant_admin" ? "school admin" : code.replace(/_/g, " ");
}

function list(details: Details, key: string): string {
	const value = details[key];
	return Array.isArray(value) && value.length > 0 ? value.map((item) => words(String(item))).join(", ") : "none";
}

const FAILED_SIGN_IN: Readonly<Record<string, string>> = {
	wrong_password: "a wrong password",
	unknown_account: "an address with no account",
	locked: "a locked account",
	throttled: "too many attempts",
};

/** A data request's kind as words. */
const REQUEST_KIND: Readonly<Record<string, string>> = {
	access: "an export (access) request",
	rectification: "a correction request",
	erasure: "an erasure request",
	restriction: "a restriction request",
};

/** Who a data request is about: the whole school, or the person named in its details. */
function subjectOf(names: AuditNames, details: Details): string {
	return details.subjectKind === "school" ? "the whole school" : names.person;
}

/** One line per action: `action: { label, sentence }`. */
export const AUDIT_ACTIONS = {
	"auth.login": { label: "Signed in", sentence: (n) => `${n.actor} signed in.` },
	"auth.login_failed": { label: "Failed sign-in", sentence: (n, d) => `A sign-in as ${n.target} failed: ${FAILED_SIGN_IN[text(d, "reason", "")] ?? "refused"}.` },
	"auth.logout": { label: "Signed out", sentence: (n) => `${n.actor} signed out.` },
	"auth.password_reset": { label: "Password reset", sentence: (n) => `${n.actor} chose a new password with a reset link.` },
	"auth.account_locked": {
		label: "Sign-in locked",
		sentence: (n, d) => `Sign-in for ${n.target} was locked for ${text(d, "lockedForSeconds", "some")} seconds after failed attempts.`,
	},
	"auth.refresh_reuse": { label: "Reused sign-in token", sentence: (n) => `A sign-in token of ${n.actor} was used twice, so that session was ended.` },
	"auth.session_ended": {
		label: "Session ended",
		sentence: (n, d) => `${n.actor} ended a ${text(d, "client", "browser")} session${d.userId === undefined ? "" : ` of ${n.person}`}.`,
	},
	"auth.signed_out_everywhere": { label: "Signed out everywhere", sentence: (n, d) => `${n.actor} signed out everywhere (${text(d, "ended", "all")} sessions ended).` },
	"apikey.created": { label: "API key created", sentence: (n, d) => `${n.actor} created ${the(n, "API key")} (${list(d, "scopes")}).` },
	"apikey.revoked": { label: "API key revoked", sentence: (n) => `${n.actor} revoked ${the(n, "API key")}.` },
	"device.approved": { label: "Studio sign-in approved", sentence: (n) => `${n.actor} approved a Roblox Studio sign-in on ${n.target}.` },
	"device.denied": { label: "Studio sign-in denied", sentence: (n) => `${n.actor} denied a Roblox Studio sign-in on ${n.target}.` },
	"tenant.created": { label: "School created", sentence: (n) => `${n.actor} created ${the(n, "school")}.` },
	"tenant.time_zone_changed": {
		label: "Time zone changed",
		sentence: (n, d) => `${n.actor} changed the school's time zone from ${text(d, "before", "UTC")} to ${text(d, "after", "another")}.`,
	},
	"member.role_changed": { label: "Roles changed", sentence: (n, d) => `${n.actor} changed the roles of ${n.target} from ${list(d, "before")} to ${list(d, "after")}.` },
	"member.removed": { label: "Member removed", sentence: (n) => `${n.actor} removed ${n.target} from the school.` },
	"member.sign_in_unlocked": { label: "Sign-in unlocked", sentence: (n) => `${n.actor} unlocked sign-in for ${n.target}.` },
	"member.sessions_ended": { label: "Member signed out", sentence: (n) => `${n.actor} signed ${n.target} out of the school everywhere.` },
	"member.teaching_transferred": {
		label: "Lessons and classes handed over",
		sentence: (n, d) => `${n.actor} gave ${n.target} the ${text(d, "lessons", "0")} lesson(s) and ${text(d, "classes", "0")} class(es) of a member leaving the school.`,
	},
	"invitation.created": { label: "Invitation sent", sentence: (n, d) => `${n.actor} invited ${n.target} as ${words(text(d, "role", "a member"))}.` },
	"invitation.accepted": { label: "Invitation accepted", sentence: (n) => `${n.actor} accepted the invitation sent to ${n.target}.` },
	"invitation.resent": { label: "Invitation sent again", sentence: (n) => `${n.actor} sent the invitation to ${n.target} again with a new link.` },
	"invitation.revoked": { label: "Invitation revoked", sentence: (n) => `${n.actor} withdrew the invitation to ${n.target}.` },
	"guardian.linked": { label: "Guardian linked", sentence: (n) => `${n.actor} linked ${n.target}.` },
	"guardian.unlinked": { label: "Guardian unlinked", sentence: (n) => `${n.actor} removed ${n.target} as guardian of ${n.person}.` },
	"class.created": { label: "Class created", sentence: (n) => `${n.actor} created ${the(n, "class")}.` },
	"class.archived": { label: "Class archived", sentence: (n) => `${n.actor} archived ${the(n, "class")}.` },
	"class.restored": { label: "Class restored", sentence: (n) => `${n.actor} restored ${the(n, "class")}.` },
	"class.join_code_rotated": { label: "Join code replaced", sentence: (n) => `${n.actor} replaced the join code of ${n.target}.` },
	"class.assignment_added": { label: "Lesson assigned", sentence: (n) => `${n.actor} assigned ${n.lesson} to ${n.target}.` },
	"class.assignment_removed": { label: "Lesson unassigned", sentence: (n) => `${n.actor} removed ${n.lesson} from ${n.target}.` },
	"class.assignment_moved": {
		label: "Lesson version changed",
		sentence: (n, d) => `${n.actor} moved ${n.target} from version ${text(d, "fromVersion", "?")} to version ${text(d, "toVersion", "?")} of ${n.lesson}.`,
	},
	"class.student_joined": { label: "Student joined", sentence: (n) => `${n.person} joined ${n.target} through ${n.actor}.` },
	"class.student_removed": { label: "Student removed from a class", sentence: (n) => `${n.actor} removed ${n.person} from ${the(n, "class")}.` },
	"lesson.created": { label: "Lesson created", sentence: (n) => `${n.actor} created ${the(n, "lesson")}.` },
	"lesson.updated": { label: "Lesson edited", sentence: (n) => `${n.actor} edited ${the(n, "lesson")}.` },
	"lesson.archived": { label: "Lesson archived", sentence: (n) => `${n.actor} archived ${the(n, "lesson")}.` },
	"lesson.restored": { label: "Lesson restored", sentence: (n) => `${n.actor} restored ${the(n, "lesson")}.` },
	"lesson.version_created": { label: "Lesson version saved", sentence: (n, d) => `${n.actor} saved version ${text(d, "version", "")} of ${n.target}.` },
	"lesson.published": { label: "Lesson published", sentence: (n, d) => `${n.actor} published version ${text(d, "version", "")} of ${n.target}.` },
	"release.created": {
		label: "Release created",
		sentence: (n, d) => `${n.actor} created release ${text(d, "number", "")} (${text(d, "lessons", "no")} lessons, ${text(d, "assets", "no")} files).`,
	},
	"deployment.started": {
		label: "Deployment started",
		sentence: (n, d) => `${n.actor} started ${d.dryRun === true ? "a dry run of" : "deploying"} ${n.release} to ${n.environment}.`,
	},
	"rollback.started": { label: "Rollback started", sentence: (n) => `${n.actor} started rolling ${n.environment} back to ${n.release}.` },
	"environment.created": { label: "Environment created", sentence: (n, d) => `${n.actor} created the deployment environment ${text(d, "name", n.target)}.` },
	"environment.updated": { label: "Environment changed", sentence: (n, d) => `${n.actor} changed ${list(d, "fields")} of ${the(n, "deployment environment")}.` },
	"environment.key_changed": {
		label: "Open Cloud key changed",
		sentence: (n, d) => `${n.actor} ${d.configured === false ? "removed the Open Cloud key of" : "set a new Open Cloud key for"} ${n.target}.`,
	},
	"environment.deleted": { label: "Environment deleted", sentence: (n, d) => `${n.actor} deleted the deployment environment ${text(d, "name", n.target)}.` },
	"billing.settings_changed": { label: "Billing settings changed", sentence: (n, d) => `${n.actor} changed the school's billing settings (${list(d, "fields")}).` },
	"billing.subscription_resumed": { label: "Subscription resumed", sentence: (n) => `${n.actor} resumed the school's subscription, so it no longer ends at the period's end.` },
	"mail.test_sent": { label: "Test mail sent", sentence: (n) => `${n.actor} sent a test mail to check the mail setup.` },
	"mail.resent": { label: "Mail sent again", sentence: (n) => `${n.actor} sent a mail that had failed again.` },
	"mail.bounce_cleared": { label: "Bounce cleared", sentence: (n) => `${n.actor} cleared a bounced address, so mail is sent to it again.` },
	"privacy.request_created": {
		label: "Data request recorded",
		sentence: (n, d) => `${n.actor} recorded ${REQUEST_KIND[text(d, "kind", "")] ?? "a data request"} about ${subjectOf(n, d)}.`,
	},
	"privacy.request_routed": {
		label: "Data request passed on",
		sentence: (n, d) =>
			`Someone outside the school asked for ${REQUEST_KIND[text(d, "kind", "")] ?? "a data request"} about ${n.person}; it was passed to the school's admins and nothing was done.`,
	},
	"privacy.request_extended": { label: "Data request extended", sentence: (n) => `${n.actor} gave a data request two more months and told the requester why.` },
	"privacy.request_completed": {
		label: "Data request completed",
		sentence: (n, d) => `${(REQUEST_KIND[text(d, "kind", "")] ?? "a data request").replace(/^an? /, "The ")} about ${subjectOf(n, d)} was completed.`,
	},
	"privacy.export_downloaded": { label: "Data export downloaded", sentence: (n) => `${n.actor} downloaded a data export.` },
	"privacy.consent_attested": {
		label: "School authorisation given",
		sentence: (n, d) => `${n.actor} confirmed, for the school, the authorisation that replaces parental consent (text version ${text(d, "noticeVersion", "unknown")}).`,
	},
	"privacy.restriction_lifted": {
		label: "Restriction lifted",
		sentence: (n) => `${n.actor} lifted the processing restriction on ${n.person}, so their progress is recorded again.`,
	},
} as const satisfies Record<string, { readonly label: string; readonly sentence: Sentence }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
	return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The event in one sentence; an action this list does not know (an older service's) still reads as words. */
export function auditSentence(action: string, names: AuditNames, details: Details = {}): string {
	const sentence = isAuditAction(action) ? AUDIT_ACTIONS[action].sentence(names, details) : `${names.actor}: ${action.replace(/[._]/g, " ")}.`;
	return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The phrase for an API key acting: a game server's key reads as one, any other key as a tool. */
export function apiKeyActor(keyName: string, scopes: ReadonlyArray<string>): string {
	const gameServer = scopes.some((scope) => scope.startsWith("runtime:") || scope === "progress:write" || scope === "classes:join");
	return `${gameServer ? "a game server" : "a tool"} using key ‘${keyName}’`;
}
