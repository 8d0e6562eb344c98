import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withSystem } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { normalizeAddress } from "./mail-names";

interface SuppressionRow {
	readonly email_normalized: string;
	readonly reason: "bounce" | "spam_report" | "unsubscribe";
	readonly source: "provider" | "recipient";
	readonly detail: string | null;
	readonly created_at: Date;
}

/**
 * The suppressions of addresses this school has mailed (the list itself spans every school, so a school sees only
 * the addresses it already knows). Optionally one person's, by address.
 */
export async function listMailSuppressions(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { readonly email?: string }) {
	const db = deps.infra.db;
	const rows = await withSystem(db, (transaction) =>
		db.query<SuppressionRow>(
			`SELECT s.email_normalized, s.reason, s.source, s.detail, s.created_at FROM mail_suppressions s
			 WHERE EXISTS (SELECT 1 FROM mail_messages m WHERE m.tenant_id = $1 AND m.to_normalized = s.email_normalized)
			   AND ($2::text IS NULL OR s.email_normalized = $2)
			 ORDER BY s.created_at DESC LIMIT 500`,
			{ bind: [caller.tenantId, input.email === undefined ? null : normalizeAddress(input.email)], type: QueryTypes.SELECT, transaction },
		),
	);
	return {
		items: rows.map((row) => ({
			email: row.email_normalized,
			reason: row.reason,
			source: row.source,
			...(row.detail === null ? {} : { detail: row.detail }),
			clearable: row.reason === "bounce",
			createdAt: row.created_at.toISOString(),
		})),
	};
}

/**
 * Clears a bounce (the mailbox was fixed): ours, and SendGrid's own bounce list through its suppression API, so the
 * next notice goes out. Opt-outs and spam reports are the person's choice and stay. Only for an address this school
 * has mailed; `cleared` is false when there was no bounce to clear.
 */
export async function clearMailBounce(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { readonly email: string }): Promise<{ email: string; cleared: boolean }> {
	const db = deps.infra.db;
	const email = normalizeAddress(input.email);
	const cleared = await withSystem(db, async (transaction) => {
		const deleted = await db.query<{ email_normalized: string }>(
			`DELETE FROM mail_suppressions s WHERE s.email_normalized = $1 AND s.reason = 'bounce'
			   AND EXISTS (SELECT 1 FROM mail_messages m WHERE m.tenant_id = $2 AND m.to_normalized = s.email_normalized)
			 RETURNING s.email_normalized`,
			{ bind: [email, caller.tenantId], type: QueryTypes.SELECT, transaction },
		);
		return deleted.length > 0;
	});
	if (cleared) {
		await deps.infra.mail.clearBounce?.(email);
		await recordAudit(db, { action: "mail.bounce_cleared", ...auditedBy(caller), targetType: "mail_address", targetId: email.slice(0, 128) });
	}
	return { email, cleared };
}
