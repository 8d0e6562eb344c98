import type { PrivacyRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { rolesAllow } from "../../../access/permissions";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { cursorCodec } from "../../../http/cursor";
import type { PrivacyDeps } from "../privacy-deps";
import { loadRequest, loadSteps, REQUEST_COLUMNS, type RequestRow, toPrivacyRequest } from "./request-row";

export const REQUESTS_PAGE_DEFAULT = 50;
export const REQUESTS_PAGE_MAX = 100;

const requestCursor = cursorCodec<{ receivedAt: string; id: string }>("pr1", { receivedAt: "timestamp", id: "uuid" });

/** The school's requests, newest first (an admin), or the caller's own (a staff member without privacy:manage). */
export async function listPrivacyRequests(
	deps: Pick<PrivacyDeps, "infra">,
	caller: UserCaller,
	input: { readonly cursor?: string; readonly limit?: number },
): Promise<{ items: PrivacyRequest[]; nextCursor?: string }> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? REQUESTS_PAGE_DEFAULT, 1), REQUESTS_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : requestCursor.decode(input.cursor);
	const onlyOwn = rolesAllow(caller.actor.roles, "privacy:manage") ? null : caller.actor.userId;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<RequestRow & { received_exact: string }>(
			`SELECT ${REQUEST_COLUMNS}, to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_exact
			 FROM privacy_requests r
			 WHERE r.tenant_id = $1 AND ($2::uuid IS NULL OR r.requested_by_user_id = $2)
			   AND ($3::timestamptz IS NULL OR (r.received_at, r.id) < ($3::timestamptz, $4::uuid))
			 ORDER BY r.received_at DESC, r.id DESC LIMIT $5`,
			{ bind: [caller.tenantId, onlyOwn, after?.receivedAt ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const page = rows.slice(0, limit);
		const steps = await loadSteps(
			db,
			transaction,
			page.map((row) => row.id),
		);
		const last = page[page.length - 1];
		return {
			items: page.map((row) =>
				toPrivacyRequest(
					row,
					steps.filter((step) => step.request_id === row.id),
				),
			),
			...(rows.length > limit && last !== undefined ? { nextCursor: requestCursor.encode({ receivedAt: last.received_exact, id: last.id }) } : {}),
		};
	});
}

/** One request: an admin sees any of the school's, a staff member only their own. */
export async function getPrivacyRequest(deps: Pick<PrivacyDeps, "infra">, caller: UserCaller, input: { readonly requestId: string }): Promise<PrivacyRequest> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await visibleRequest(db, transaction, caller, input.requestId);
		return toPrivacyRequest(row, await loadSteps(db, transaction, [row.id]));
	});
}

/** The request if the caller may see it; 404 otherwise (another school's, or another person's for staff). */
export async function visibleRequest(
	db: Parameters<typeof loadRequest>[0],
	transaction: Parameters<typeof loadRequest>[1],
	caller: UserCaller,
	requestId: string,
): Promise<RequestRow> {
	const row = await loadRequest(db, transaction, requestId);
	if (row === undefined || (!rolesAllow(caller.actor.roles, "privacy:manage") && row.requested_by_user_id !== caller.actor.userId)) {
		throw new AppError("not_found", "No such data request.");
	}
	return row;
}
