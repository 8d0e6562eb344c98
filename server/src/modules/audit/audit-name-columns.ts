/**
 * The names an audit event is read with, as SQL columns over `audit_events e` (and `k`, the acting key): each
 * looked up in the event's own school, so a name never crosses schools. A person is named only while they are a
 * member; someone removed reads as "a former member" (see audit-names.ts), and a revoked key keeps its name.
 */
const MEMBER_NAME = (idText: string) => `(SELECT u.display_name FROM users u
	WHERE u.id::text = ${idText} AND EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = e.tenant_id AND m.user_id = u.id))`;

const IN_SCHOOL = (table: string, column: string, idText: string) => `(SELECT x.${column} FROM ${table} x WHERE x.tenant_id = e.tenant_id AND x.id::text = ${idText})`;

export const AUDIT_NAME_COLUMNS = `
	${MEMBER_NAME("e.actor_user_id::text")} AS actor_user_name,
	k.name AS actor_key_name,
	k.scopes AS actor_key_scopes,
	CASE e.target_type
		WHEN 'user' THEN ${MEMBER_NAME("e.target_id")}
		WHEN 'api_key' THEN ${IN_SCHOOL("api_keys", "name", "e.target_id")}
		WHEN 'class' THEN ${IN_SCHOOL("classes", "name", "e.target_id")}
		WHEN 'lesson' THEN ${IN_SCHOOL("lessons", "title", "e.target_id")}
		WHEN 'environment' THEN ${IN_SCHOOL("deployment_environments", "name", "e.target_id")}
		WHEN 'invitation' THEN ${IN_SCHOOL("invitations", "email", "e.target_id")}
		WHEN 'release' THEN 'release ' || ${IN_SCHOOL("releases", "number", "e.target_id")}
		WHEN 'device_authorization' THEN ${IN_SCHOOL("device_authorizations", "device_name", "e.target_id")}
		WHEN 'tenant' THEN (SELECT t.name FROM tenants t WHERE t.id = e.tenant_id AND t.id::text = e.target_id)
		WHEN 'guardian_link' THEN (SELECT g.display_name || ' as guardian of ' || s.display_name FROM guardian_links l
			JOIN users g ON g.id = l.guardian_user_id JOIN users s ON s.id = l.student_user_id
			WHERE l.tenant_id = e.tenant_id AND l.id::text = e.target_id)
	END AS target_name,
	${IN_SCHOOL("lessons", "title", "e.details->>'lessonId'")} AS detail_lesson,
	${MEMBER_NAME("coalesce(e.details->>'studentUserId', e.details->>'userId')")} AS detail_person,
	${IN_SCHOOL("deployment_environments", "name", "e.details->>'environmentId'")} AS detail_environment,
	'release ' || ${IN_SCHOOL("releases", "number", "e.details->>'releaseId'")} AS detail_release`;

/** Who acted, by name, for the ?who= filter: the member's name or the key's. */
export const AUDIT_ACTOR_NAME = `coalesce(${MEMBER_NAME("e.actor_user_id::text")}, k.name)`;
