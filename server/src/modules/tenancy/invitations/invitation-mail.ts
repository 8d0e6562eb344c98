import type { Invitation } from "@toolboxai/shared";
import { QueryTypes, type Transaction } from "sequelize";
import type { AppDependencies } from "../../../http/app-module";
import { queueMail } from "../../mail";

type Deps = Pick<AppDependencies, "config" | "infra"> & Partial<Pick<AppDependencies, "logger">>;

/**
 * Queues the invitation's mail in the invitation's transaction (the outbox): it goes if and only if the change
 * commits. Keyed by the token's hash, so each new link is one mail and a retried job never mails it twice.
 */
export async function mailInvitation(deps: Deps, transaction: Transaction, tenantId: string, invitation: Invitation, token: { token: string; hash: Buffer }): Promise<void> {
	const db = deps.infra.db;
	const [tenant] = await db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [tenantId], type: QueryTypes.SELECT, transaction });
	await queueMail(
		deps,
		{
			tenantId,
			to: invitation.email,
			template: "invitation",
			data: {
				schoolName: tenant?.name ?? "your school",
				roleLabel: invitation.role.replace("_", " "),
				link: `${deps.config.publicUrl}/invite?token=${encodeURIComponent(token.token)}`,
			},
			idempotencyKey: `invitation:${invitation.id}:${token.hash.toString("hex").slice(0, 16)}`,
		},
		{ transaction },
	);
}
