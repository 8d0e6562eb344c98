import { apiKeyActor, type AuditNames } from "@toolboxai/shared/node";

/** The name columns of one event (audit-name-columns.ts), null where nothing in the school matches. */
export interface NameColumns {
	readonly actor_user_id: string | null;
	readonly actor_api_key_id: string | null;
	readonly actor_user_name: string | null;
	readonly actor_key_name: string | null;
	readonly actor_key_scopes: string[] | null;
	readonly target_type: string | null;
	readonly target_name: string | null;
	readonly detail_lesson: string | null;
	readonly detail_person: string | null;
	readonly detail_environment: string | null;
	readonly detail_release: string | null;
}

const FORMER_MEMBER = "a former member";

/** What a target reads as once it is gone from the school: words, never its id. */
const GONE: Readonly<Record<string, string>> = {
	user: FORMER_MEMBER,
	api_key: "an API key since deleted",
	class: "a class since deleted",
	lesson: "a lesson since deleted",
	environment: "an environment since deleted",
	invitation: "someone (the invitation is gone)",
	release: "a release",
	device_authorization: "a device",
	tenant: "the school",
	guardian_link: "a guardian to a student (link since removed)",
	session: "a session",
	deployment: "a deployment",
};

/** Who acted: a member's name, a key as what uses it, or "someone" (nobody signed in). */
function actorOf(row: NameColumns): string | undefined {
	if (row.actor_user_id !== null) return row.actor_user_name ?? FORMER_MEMBER;
	if (row.actor_api_key_id !== null) return row.actor_key_name === null ? "an API key since deleted" : apiKeyActor(row.actor_key_name, row.actor_key_scopes ?? []);
	return undefined;
}

/** The event's names for its sentence, plus the actor and target names the API shows beside it. */
export function auditNamesOf(row: NameColumns): { names: AuditNames; actorName?: string; targetName?: string } {
	const actor = actorOf(row);
	const target = row.target_name ?? (row.target_type === null ? "something" : (GONE[row.target_type] ?? "something"));
	return {
		names: {
			actor: actor ?? "someone",
			target,
			targetKnown: row.target_name !== null,
			lesson: row.detail_lesson ?? "a lesson since deleted",
			person: row.detail_person ?? FORMER_MEMBER,
			environment: row.detail_environment ?? "an environment since deleted",
			release: row.detail_release ?? "a release",
		},
		...(actor === undefined ? {} : { actorName: actor }),
		...(row.target_type === null ? {} : { targetName: target }),
	};
}
