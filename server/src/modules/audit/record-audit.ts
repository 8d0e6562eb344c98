import type { AuditAction } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { auditOrigin, type Caller } from "../../access/caller";
import { withSystem, withTenant } from "../../db/tenant-scope";

/** A security event. Keep it PII-light: ids and codes, not names, emails or free text typed by people. */
export interface AuditEntry {
	/** Dotted verb, one of AUDIT_ACTIONS (shared): each has the sentence the audit page shows. */
	readonly action: AuditAction;
	/** The school it happened in; null for events that belong to none (e.g. a failed sign-in for an unknown address). */
	readonly tenantId: string | null;
	readonly actorUserId?: string;
	readonly actorApiKeyId?: string;
	readonly targetType?: string;
	readonly targetId?: string;
	readonly ip?: string;
	readonly requestId?: string;
	readonly details?: Record<string, unknown>;
}

/**
 * Appends an event. With `transaction` (or inside an ambient one) it joins it, so the event commits or rolls
 * back with the change it describes; otherwise it writes in its own tenant-scoped transaction.
 */
export async function recordAudit(db: Sequelize, entry: AuditEntry, options: { transaction?: Transaction } = {}): Promise<{ id: string }> {
	const insert = async (transaction: Transaction) => {
		const [row] = await db.query<{ id: string }>(
			`INSERT INTO audit_events (tenant_id, action, actor_user_id, actor_api_key_id, target_type, target_id, ip, request_id, details)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			{
				bind: [
					entry.tenantId,
					entry.action,
					entry.actorUserId ?? null,
					entry.actorApiKeyId ?? null,
					entry.targetType ?? null,
					entry.targetId ?? null,
					entry.ip?.slice(0, 64) ?? null,
					entry.requestId?.slice(0, 128) ?? null,
					entry.details === undefined ? null : JSON.stringify(entry.details),
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		return { id: (row as { id: string }).id };
	};
	// Scoped even inside the caller's transaction, so the row passes the tenant policy whoever the caller runs as.
	return entry.tenantId === null ? withSystem(db, insert, options) : withTenant(db, entry.tenantId, insert, options);
}

/** Who did it and from where, as an audit entry records it: the one mapping from a Caller. */
export function auditedBy(caller: Caller): Pick<AuditEntry, "tenantId" | "actorUserId" | "actorApiKeyId" | "ip" | "requestId"> {
	const actor = caller.actor;
	return {
		tenantId: caller.tenantId,
		...(actor.kind === "user" ? { actorUserId: actor.userId } : {}),
		...(actor.kind === "api_key" ? { actorApiKeyId: actor.apiKeyId } : {}),
		...auditOrigin(caller),
	};
}
