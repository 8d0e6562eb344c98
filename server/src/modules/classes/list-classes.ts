import type { ClassPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { managesAllClasses } from "./class-access";
import { CLASS_SELECT, toClass, type ClassRow } from "./class-row";

export const CLASS_PAGE_DEFAULT = 50;
export const CLASS_PAGE_MAX = 200;

export interface ClassListQuery {
	readonly cursor?: string;
	readonly limit?: number;
	/** Archived classes are left out unless asked for. */
	readonly includeArchived?: boolean;
}

/** The position after a page's last class: created_at exactly as Postgres prints it, then the id. */
const classCursor = cursorCodec<{ createdAt: string; id: string }>("c1", { createdAt: "timestamp", id: "uuid" });

/** Newest first: a teacher's own classes, or every class of the school for a tenant_admin. */
export async function listClasses(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: ClassListQuery = {}): Promise<ClassPage> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? CLASS_PAGE_DEFAULT, 1), CLASS_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : classCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<ClassRow & { created_at_exact: string }>(
			`SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact FROM (${CLASS_SELECT}) listed
			 WHERE tenant_id = $1
			   AND ($2::uuid IS NULL OR teacher_user_id = $2::uuid)
			   AND ($3::boolean OR archived_at IS NULL)
			   AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
			 ORDER BY created_at DESC, id DESC
			 LIMIT $6`,
			{
				bind: [caller.tenantId, managesAllClasses(caller) ? null : caller.actor.userId, input.includeArchived === true, after?.createdAt ?? null, after?.id ?? null, limit + 1],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => toClass(row)),
			...(rows.length > limit && last !== undefined ? { nextCursor: classCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}
