import { QueryTypes } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import { notFound } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";

/**
 * One click from a notice (the mail app's List-Unsubscribe button, RFC 8058, or the footer link): the address gets
 * no more notices. Essential mail (resets, invitations, billing) is not affected. The token is the message's own
 * random one, so a link stops mail only to the address it was sent to.
 */
export async function unsubscribeFromNotices(deps: Pick<AppDependencies, "infra">, input: { readonly token: string }): Promise<{ status: "unsubscribed" }> {
	const db = deps.infra.db;
	if (input.token === "") throw notFound("unsubscribe link");
	await withSystem(db, async (transaction) => {
		const [row] = await db.query<{ id: string; to_normalized: string }>("SELECT id, to_normalized FROM mail_messages WHERE unsubscribe_token = $1 AND category = 'notice'", {
			bind: [input.token],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (row === undefined) throw notFound("unsubscribe link");
		await db.query(`INSERT INTO mail_suppressions (email_normalized, reason, source) VALUES ($1, 'unsubscribe', 'recipient') ON CONFLICT (email_normalized, reason) DO NOTHING`, {
			bind: [row.to_normalized],
			transaction,
		});
		await db.query("UPDATE mail_messages SET status = 'unsubscribed', status_at = now(), updated_at = now() WHERE id = $1", { bind: [row.id], transaction });
	});
	return { status: "unsubscribed" };
}
