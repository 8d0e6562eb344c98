import type { Infer, InvitationList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { cursorCodec, pageOf } from "../../../http/cursor";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";

export const INVITATION_PAGE_DEFAULT = 50;
export const INVITATION_PAGE_MAX = 200;

export interface InvitationListQuery {
	readonly cursor?: string;
	readonly limit?: number;
}

/** The position after a page's last invitation: created_at exactly as Postgres prints it, then the id. */
const invitationCursor = cursorCodec<{ createdAt: string; id: string }>("i1", { createdAt: "timestamp", id: "uuid" });

/** The school's invitations, newest first (accepted, revoked and expired ones included, for the record), one page at a time. */
export async function listInvitations(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: InvitationListQuery = {}): Promise<Infer<typeof InvitationList>> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? INVITATION_PAGE_DEFAULT, 1), INVITATION_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : invitationCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<InvitationRow & { created_at_exact: string }>(
			`SELECT ${INVITATION_COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
			 FROM invitations
			 WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
			 ORDER BY created_at DESC, id DESC
			 LIMIT $4`,
			{ bind: [caller.tenantId, after?.createdAt ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		return pageOf(rows, limit, toInvitation, (last) => invitationCursor.encode({ createdAt: last.created_at_exact, id: last.id }));
	});
}
