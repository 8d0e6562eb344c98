import type { PrivacyRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

export type RequestKind = PrivacyRequest["kind"];
export type SubjectKind = PrivacyRequest["subject"]["kind"];
export type RequestStatus = PrivacyRequest["status"];
export type StepStatus = PrivacyRequest["steps"][number]["status"];

/** A privacy_requests row with the names the API shows beside it (resolved in the school, never stored). */
export interface RequestRow {
	readonly id: string;
	readonly tenant_id: string;
	readonly kind: RequestKind;
	readonly subject_kind: SubjectKind;
	readonly subject_user_id: string | null;
	readonly subject_roblox_user_id: string | null;
	readonly source: "school" | "outside";
	readonly requested_by_user_id: string | null;
	readonly requester_email: string | null;
	readonly identity_check_method: NonNullable<PrivacyRequest["identityCheck"]>["method"] | null;
	readonly identity_check_note: string | null;
	readonly identity_checked_at: string | null;
	readonly status: RequestStatus;
	readonly received_at: string;
	readonly due_at: string;
	readonly extended_until: string | null;
	readonly extension_reason: string | null;
	readonly archive_path: string | null;
	readonly archive_bytes: string | null;
	readonly archive_expires_at: string | null;
	readonly proof: PrivacyRequest["proof"] | null;
	readonly completed_at: string | null;
	readonly subject_name: string | null;
	readonly requester_name: string | null;
}

export interface StepRow {
	readonly request_id: string;
	readonly position: number;
	readonly name: string;
	readonly status: StepStatus;
	readonly attempts: number;
	readonly outcome: Record<string, unknown> | null;
	readonly error: string | null;
	readonly started_at: string | null;
	readonly finished_at: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of a request as RequestRow reads them, from `privacy_requests r`. */
export const REQUEST_COLUMNS = `r.id, r.tenant_id, r.kind, r.subject_kind, r.subject_user_id, r.subject_roblox_user_id::text AS subject_roblox_user_id, r.source,
	r.requested_by_user_id, r.requester_email, r.identity_check_method, r.identity_check_note, ${iso("r.identity_checked_at")} AS identity_checked_at,
	r.status, ${iso("r.received_at")} AS received_at, ${iso("r.due_at")} AS due_at, ${iso("r.extended_until")} AS extended_until, r.extension_reason,
	r.archive_path, r.archive_bytes::text AS archive_bytes, ${iso("r.archive_expires_at")} AS archive_expires_at, r.proof, ${iso("r.completed_at")} AS completed_at,
	(SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = r.tenant_id WHERE u.id = r.subject_user_id LIMIT 1) AS subject_name,
	(SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = r.tenant_id WHERE u.id = r.requested_by_user_id LIMIT 1) AS requester_name`;

export const STEP_COLUMNS = `request_id, position, name, status, attempts, outcome, error, ${iso("started_at")} AS started_at, ${iso("finished_at")} AS finished_at`;

/** One request of the caller's school (row-level security scopes it), or undefined. */
export async function loadRequest(db: Sequelize, transaction: Transaction, requestId: string): Promise<RequestRow | undefined> {
	const [row] = await db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM privacy_requests r WHERE r.id = $1`, { bind: [requestId], type: QueryTypes.SELECT, transaction });
	return row;
}

export async function loadSteps(db: Sequelize, transaction: Transaction, requestIds: ReadonlyArray<string>): Promise<StepRow[]> {
	if (requestIds.length === 0) return [];
	return db.query<StepRow>(`SELECT ${STEP_COLUMNS} FROM privacy_request_steps WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, position`, {
		bind: [requestIds],
		type: QueryTypes.SELECT,
		transaction,
	});
}

/** Words for the subject: the member's name while they are in the school, else what identifies them pseudonymously. */
export function subjectLabel(row: RequestRow): string {
	if (row.subject_kind === "school") return "the whole school";
	if (row.subject_name !== null) return row.subject_name;
	if (row.subject_roblox_user_id !== null) return `the student with Roblox UserId ${row.subject_roblox_user_id}`;
	return row.subject_kind === "student" ? "a former student" : "a former staff member";
}

/** The request as the API shows it. `now` decides whether the archive is still downloadable. */
export function toPrivacyRequest(row: RequestRow, steps: ReadonlyArray<StepRow>, now: number = Date.now()): PrivacyRequest {
	return {
		id: row.id,
		kind: row.kind,
		subject: {
			kind: row.subject_kind,
			...(row.subject_user_id === null ? {} : { userId: row.subject_user_id }),
			...(row.subject_roblox_user_id === null ? {} : { robloxUserId: Number(row.subject_roblox_user_id) }),
			label: subjectLabel(row),
		},
		source: row.source,
		requestedBy: row.source === "outside" ? "someone outside the school" : (row.requester_name ?? "a former member"),
		...(row.identity_check_method === null || row.identity_checked_at === null
			? {}
			: {
					identityCheck: {
						method: row.identity_check_method,
						...(row.identity_check_note === null ? {} : { note: row.identity_check_note }),
						checkedAt: row.identity_checked_at,
					},
				}),
		status: row.status,
		receivedAt: row.received_at,
		dueAt: row.due_at,
		...(row.extended_until === null ? {} : { extendedUntil: row.extended_until }),
		...(row.extension_reason === null ? {} : { extensionReason: row.extension_reason }),
		steps: steps.map((step) => ({
			name: step.name,
			status: step.status,
			attempts: step.attempts,
			...(step.outcome === null ? {} : { outcome: step.outcome }),
			...(step.error === null ? {} : { error: step.error }),
			...(step.started_at === null ? {} : { startedAt: step.started_at }),
			...(step.finished_at === null ? {} : { finishedAt: step.finished_at }),
		})),
		...(row.archive_path === null || row.archive_expires_at === null
			? {}
			: { archive: { bytes: Number(row.archive_bytes ?? 0), expiresAt: row.archive_expires_at, available: Date.parse(row.archive_expires_at) > now } }),
		...(row.proof === null ? {} : { proof: row.proof }),
		...(row.completed_at === null ? {} : { completedAt: row.completed_at }),
	};
}
