import { auditOrigin, type Origin } from "../../../access/caller";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import type { Limiter } from "../../../http/rate-limit";
import { recordAudit } from "../../audit";
import { queueMail } from "../../mail";
import { RESPONSE_DAYS } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import type { RequestKind } from "./request-row";

export interface OutsideRequestInput {
	readonly robloxUserId: number;
	readonly kind: RequestKind;
	readonly requesterEmail: string;
	readonly origin: Origin;
}

export const OUTSIDE_ANSWER = {
	received: true as const,
	message: "Thank you. If a school using ToolBoxAI has this student, we have passed your request to that school, which decides and answers you.",
};

/**
 * A request about a student from someone outside the school (a parent, the student). We are the school's processor:
 * we record it in every school that has this Roblox UserId as a student, mail those schools' admins, and act on
 * nothing. The answer is the same whether or not any school has the student, so it reveals nobody; the same
 * address asking again about the same student the same day is recorded once. Limited per IP address.
 */
export async function receiveOutsideRequest(deps: PrivacyDeps, limiter: Limiter, input: OutsideRequestInput): Promise<typeof OUTSIDE_ANSWER> {
	await limiter.hit(input.origin.ip ?? "unknown");
	const db = deps.infra.db;
	const email = input.requesterEmail.trim();
	await withSystem(db, async (transaction) => {
		const schools = await db.query<{ tenant_id: string; school: string; user_id: string }>(
			`SELECT m.tenant_id, t.name AS school, u.id AS user_id FROM users u
			 JOIN memberships m ON m.user_id = u.id AND m.role = 'student' JOIN tenants t ON t.id = m.tenant_id
			 WHERE u.roblox_user_id = $1`,
			{ bind: [input.robloxUserId], type: QueryTypes.SELECT, transaction },
		);
		for (const school of schools) {
			const [created] = await db.query<{ id: string }>(
				`INSERT INTO privacy_requests (tenant_id, kind, subject_kind, subject_user_id, subject_roblox_user_id, source, requester_email, status, due_at)
				 SELECT $1, $2, 'student', $3, $4, 'outside', $5, 'routed', now() + make_interval(days => $6)
				 WHERE NOT EXISTS (SELECT 1 FROM privacy_requests WHERE tenant_id = $1 AND source = 'outside' AND kind = $2 AND subject_user_id = $3
					AND lower(requester_email) = lower($5) AND received_at > now() - interval '1 day')
				 RETURNING id`,
				{ bind: [school.tenant_id, input.kind, school.user_id, input.robloxUserId, email, RESPONSE_DAYS], type: QueryTypes.SELECT, transaction },
			);
			if (created === undefined) continue;
			await recordAudit(
				db,
				{
					action: "privacy.request_routed",
					tenantId: school.tenant_id,
					...auditOrigin(input.origin),
					targetType: "privacy_request",
					targetId: created.id,
					details: { kind: input.kind, userId: school.user_id },
				},
				{ transaction },
			);
			const admins = await db.query<{ email: string }>(
				`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
				 WHERE m.tenant_id = $1 AND m.role = 'tenant_admin' AND u.email IS NOT NULL AND u.status = 'active'`,
				{ bind: [school.tenant_id], type: QueryTypes.SELECT, transaction },
			);
			const privacyUrl = new URL("/privacy", deps.config.publicUrl);
			privacyUrl.searchParams.set("request", created.id);
			for (const admin of admins) {
				await queueMail(
					deps,
					{
						tenantId: school.tenant_id,
						to: admin.email,
						template: "privacy-request-routed",
						data: { schoolName: school.school, kind: input.kind, robloxUserId: input.robloxUserId, requesterEmail: email, privacyUrl: privacyUrl.toString() },
						idempotencyKey: `privacy-routed:${created.id}:${admin.email.toLowerCase()}`,
					},
					{ transaction },
				);
			}
		}
	});
	return OUTSIDE_ANSWER;
}
