import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";

interface Row {
	readonly id: string;
	readonly message_id: string;
	readonly to_address: string;
	readonly subject: string;
	readonly text_body: string;
	readonly template: string | null;
	readonly created_at: Date;
}

/**
 * The embedded default's "inbox": the school's mails as the outbox driver stored them, newest first, so a newcomer
 * can open the invitation link `npm start` sent. Empty with SendGrid (mail really left).
 */
export async function listMailOutbox(deps: Pick<AppDependencies, "infra">, caller: UserCaller) {
	const db = deps.infra.db;
	const driver = deps.infra.mail.driver;
	if (driver !== "outbox") return { driver, items: [] };
	const rows = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<Row>(
			`SELECT o.id, m.id AS message_id, o.to_address, o.subject, o.text_body, o.template, o.created_at
			 FROM mail_messages m JOIN mail_outbox o ON o.id::text = m.provider_message_id
			 WHERE m.tenant_id = $1 AND m.driver = 'outbox'
			 ORDER BY o.created_at DESC LIMIT 100`,
			{ bind: [caller.tenantId], type: QueryTypes.SELECT, transaction },
		),
	);
	return {
		driver,
		items: rows.map((row) => ({
			id: row.id,
			messageId: row.message_id,
			to: row.to_address,
			subject: row.subject,
			text: row.text_body.slice(0, 100_000),
			...(row.template === null ? {} : { template: row.template }),
			createdAt: row.created_at.toISOString(),
		})),
	};
}
