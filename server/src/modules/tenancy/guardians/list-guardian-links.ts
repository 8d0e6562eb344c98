import type { GuardianLinkList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { cursorCodec } from "../../../http/cursor";

export const GUARDIAN_LINK_PAGE_DEFAULT = 50;
export const GUARDIAN_LINK_PAGE_MAX = 200;

export interface GuardianLinkListQuery {
	readonly cursor?: string;
	readonly limit?: number;
	/** Only this guardian's links. */
	readonly guardianUserId?: string;
	/** Only this student's links. */
	readonly studentUserId?: string;
}

interface LinkRow {
	readonly id: string;
	readonly created_at: Date;
	readonly created_at_exact: string;
	readonly guardian_id: string;
	readonly guardian_email: string | null;
	readonly guardian_name: string;
	readonly student_id: string;
	readonly student_email: string | null;
	readonly student_name: string;
}

const linkCursor = cursorCodec<{ createdAt: string; id: string }>("g1", { createdAt: "timestamp", id: "uuid" });

const person = (id: string, email: string | null, displayName: string) => ({ id, ...(email === null ? {} : { email }), displayName });

/** The school's guardian links with both people by name, newest first, one page at a time. */
export async function listGuardianLinks(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: GuardianLinkListQuery = {}): Promise<GuardianLinkList> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? GUARDIAN_LINK_PAGE_DEFAULT, 1), GUARDIAN_LINK_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : linkCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<LinkRow>(
			`SELECT l.id, l.created_at, to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact,
			        g.id AS guardian_id, g.email AS guardian_email, g.display_name AS guardian_name,
			        s.id AS student_id, s.email AS student_email, s.display_name AS student_name
			 FROM guardian_links l JOIN users g ON g.id = l.guardian_user_id JOIN users s ON s.id = l.student_user_id
			 WHERE l.tenant_id = $1
			   AND ($2::uuid IS NULL OR l.guardian_user_id = $2::uuid)
			   AND ($3::uuid IS NULL OR l.student_user_id = $3::uuid)
			   AND ($4::timestamptz IS NULL OR (l.created_at, l.id) < ($4::timestamptz, $5::uuid))
			 ORDER BY l.created_at DESC, l.id DESC
			 LIMIT $6`,
			{
				bind: [caller.tenantId, input.guardianUserId ?? null, input.studentUserId ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => ({
				id: row.id,
				guardian: person(row.guardian_id, row.guardian_email, row.guardian_name),
				student: person(row.student_id, row.student_email, row.student_name),
				createdAt: row.created_at.toISOString(),
			})),
			...(rows.length > limit && last !== undefined ? { nextCursor: linkCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}
