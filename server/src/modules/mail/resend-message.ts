import { randomUUID } from "node:crypto";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError, notFound } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { scheduleSend } from "./queue-mail";

/**
 * Sends a failed message again (after the address or the provider setting was fixed): back to `queued`, attempts
 * counted afresh, a new mail.send job through the outbox. Only a failed message: anything else already left or is
 * on its way, and a suppressed one waits for its suppression to be cleared.
 */
export async function resendMailMessage(
	deps: Pick<AppDependencies, "infra" | "logger">,
	caller: UserCaller,
	input: { readonly messageId: string },
): Promise<{ messageId: string; status: "queued" }> {
	const db = deps.infra.db;
	await withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<{ status: string }>("SELECT status FROM mail_messages WHERE id = $1 AND tenant_id = $2 FOR UPDATE", {
			bind: [input.messageId, caller.tenantId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (row === undefined) throw notFound("mail message");
		if (row.status !== "failed") throw new AppError("conflict", `Only a failed message can be sent again; this one is ${row.status}.`);
		await db.query("UPDATE mail_messages SET status = 'queued', failure_reason = NULL, send_attempts = 0, status_at = now(), updated_at = now() WHERE id = $1", {
			bind: [input.messageId],
			transaction,
		});
		await scheduleSend(deps, input.messageId, `${input.messageId}:resend:${randomUUID()}`, transaction);
		await recordAudit(db, { action: "mail.resent", ...auditedBy(caller), targetType: "mail_message", targetId: input.messageId }, { transaction });
	});
	return { messageId: input.messageId, status: "queued" };
}
