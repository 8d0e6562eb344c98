import { randomUUID } from "node:crypto";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { queueMail } from "./queue-mail";

/** A test mail an admin sends to check the setup: to their own address unless they name another. */
export async function sendTestMail(
	deps: Pick<AppDependencies, "infra" | "logger">,
	caller: UserCaller,
	input: { readonly to?: string },
): Promise<{ messageId: string; status: "queued" }> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [me] = await db.query<{ email: string | null }>("SELECT email FROM users WHERE id = $1", { bind: [caller.actor.userId], type: QueryTypes.SELECT, transaction });
		const [school] = await db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [caller.tenantId], type: QueryTypes.SELECT, transaction });
		const to = input.to ?? me?.email ?? undefined;
		if (to === undefined || to === null)
			throw new AppError("validation_failed", "Your account has no email address: give one in `to`.", { issues: [{ path: "/to", code: "required", message: "is required" }] });
		const { messageId } = await queueMail(
			deps,
			{
				tenantId: caller.tenantId,
				to,
				template: "test-mail",
				data: { schoolName: school?.name ?? "your school", sentBy: me?.email ?? "an administrator", driver: deps.infra.mail.driver },
				idempotencyKey: `test-mail:${randomUUID()}`,
			},
			{ transaction },
		);
		await recordAudit(db, { action: "mail.test_sent", ...auditedBy(caller), targetType: "mail_message", targetId: messageId }, { transaction });
		return { messageId, status: "queued" as const };
	});
}
