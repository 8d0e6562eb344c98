import { QueryTypes } from "sequelize";
import { withTenant } from "../../../../db/tenant-scope";
import type { PipelineStep } from "../pipeline-step";

/** Marks the student as restricted: from now on progress ingestion drops their events (the game is not told). */
export const applyRestrictionStep: PipelineStep = {
	name: "apply-restriction",
	async run({ deps, request }) {
		const db = deps.infra.db;
		if (request.subject_user_id === null) return { restricted: false, reason: "no such student" };
		const inserted = await withTenant(db, request.tenant_id, (transaction) =>
			db.query<{ user_id: string }>(
				`INSERT INTO privacy_processing_restrictions (tenant_id, user_id, request_id, restricted_by_user_id)
				 SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role = 'student')
				 ON CONFLICT (tenant_id, user_id) DO NOTHING RETURNING user_id`,
				{ bind: [request.tenant_id, request.subject_user_id, request.id, request.requested_by_user_id], type: QueryTypes.SELECT, transaction },
			),
		);
		return { restricted: true, alreadyRestricted: inserted.length === 0 };
	},
};
