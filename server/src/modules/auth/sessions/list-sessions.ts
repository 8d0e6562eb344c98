import type { SessionList, SessionSummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import type { AuthDeps } from "../auth-services";

interface SessionRow {
	readonly id: string;
	readonly client: SessionSummary["client"];
	readonly label: string | null;
	readonly userId: string;
	readonly displayName: string;
	readonly createdAt: Date;
	readonly lastUsedAt: Date;
	readonly expiresAt: Date;
}

/** More than anyone has: a person's own browsers and Studio windows, or a school's Studio sessions. */
const LIST_LIMIT = 500;

/** The caller's active sessions in this school (browsers, Studio, API clients), most recently used first. */
export function listMySessions(deps: AuthDeps, caller: UserCaller): Promise<SessionList> {
	return listWhere(deps, caller, "s.user_id = :userId", { userId: caller.actor.userId });
}

/** Every active Studio session in the caller's school (for its admins: a token left in a lab's plugin settings). */
export function listSchoolStudioSessions(deps: AuthDeps, caller: UserCaller): Promise<SessionList> {
	return listWhere(deps, caller, "s.client = 'studio'", {});
}

async function listWhere(deps: AuthDeps, caller: UserCaller, where: string, replacements: Record<string, string>): Promise<SessionList> {
	const db = deps.infra.db;
	const rows = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<SessionRow>(
			`SELECT s.id, s.client, s.client_label AS label, s.user_id AS "userId", u.display_name AS "displayName",
			        s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt", s.expires_at AS "expiresAt"
			 FROM auth_sessions s JOIN users u ON u.id = s.user_id
			 WHERE s.tenant_id = :tenantId AND s.revoked_at IS NULL AND s.expires_at > now() AND ${where}
			 ORDER BY s.last_used_at DESC, s.id LIMIT ${LIST_LIMIT}`,
			{ type: QueryTypes.SELECT, replacements: { ...replacements, tenantId: caller.tenantId }, transaction },
		),
	);
	return { items: rows.map((row) => summaryOf(row, caller.actor.sessionId)) };
}

function summaryOf(row: SessionRow, currentSessionId: string): SessionSummary {
	const summary: SessionSummary = {
		id: row.id,
		client: row.client,
		user: { id: row.userId, displayName: row.displayName },
		createdAt: new Date(row.createdAt).toISOString(),
		lastUsedAt: new Date(row.lastUsedAt).toISOString(),
		expiresAt: new Date(row.expiresAt).toISOString(),
		current: row.id === currentSessionId,
	};
	if (row.label !== null) summary.label = row.label;
	return summary;
}
