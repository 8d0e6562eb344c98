import { QueryTypes, type Sequelize } from "sequelize";

export interface OutboxMail {
	readonly to_address: string;
	readonly subject: string;
	readonly text_body: string;
	readonly template: string | null;
}

export interface OutboxQuery {
	/** The recipient, in any letter case. */
	readonly to: string;
	readonly template?: string;
	/** Wait until at least this many such mails are there (default 1). */
	readonly count?: number;
	/** How long to wait for them (default 30 s: the mail.send job runs on a worker, slow on a busy machine). */
	readonly timeoutMs?: number;
}

/**
 * The outbox mails to an address, oldest first, as soon as there are `count` of them, or whatever is there when the
 * wait ends (a test that expects none asks with a short wait and checks the length).
 */
export async function waitForOutboxMails(db: Sequelize, query: OutboxQuery): Promise<OutboxMail[]> {
	const deadline = Date.now() + (query.timeoutMs ?? 30_000);
	for (;;) {
		const rows = await db.query<OutboxMail>(
			"SELECT to_address, subject, text_body, template FROM mail_outbox WHERE lower(to_address) = lower($1) AND ($2::text IS NULL OR template = $2) ORDER BY created_at, id",
			{ bind: [query.to, query.template ?? null], type: QueryTypes.SELECT },
		);
		if (rows.length >= (query.count ?? 1) || Date.now() > deadline) return rows;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
