import { QueryTypes } from "sequelize";
import { withTenant } from "../../../../db/tenant-scope";
import { queueMail } from "../../../mail";
import type { PipelineStep } from "../pipeline-step";

/**
 * Tells the person who asked that the export is ready (the data-export-ready mail): the link opens the Privacy page,
 * which asks them to sign in and then gives a short-lived signed link to the archive. One mail per request, ever.
 */
export const notifyExportReadyStep: PipelineStep = {
	name: "notify-requester",
	async run({ deps, request }) {
		const db = deps.infra.db;
		const [row] = await withTenant(db, request.tenant_id, (transaction) =>
			db.query<{ email: string | null; school: string; expires_on: string | null }>(
				`SELECT (SELECT u.email FROM users u WHERE u.id = r.requested_by_user_id) AS email, t.name AS school,
					to_char(r.archive_expires_at AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY') AS expires_on
				 FROM privacy_requests r JOIN tenants t ON t.id = r.tenant_id WHERE r.id = $1`,
				{ bind: [request.id], type: QueryTypes.SELECT, transaction },
			),
		);
		if (row?.email === null || row?.email === undefined || row.expires_on === null) return { mailed: false };
		const url = new URL("/privacy", deps.config.publicUrl);
		url.searchParams.set("request", request.id);
		await queueMail(deps, {
			tenantId: request.tenant_id,
			to: row.email,
			template: "data-export-ready",
			data: { schoolName: row.school, downloadUrl: url.toString(), expiresOn: row.expires_on },
			idempotencyKey: `privacy-export-ready:${request.id}`,
		});
		return { mailed: true };
	},
};
