import { randomBytes } from "node:crypto";
import { ROLES, type StreamTicket } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import type { AppDependencies } from "../../http/app-module";

/** A ticket opens one stream, within a minute of being issued. */
export const STREAM_TICKET_SECONDS = 60;

interface TicketHolder {
	readonly tenantId: string;
	readonly userId: string;
	readonly roles: ReadonlyArray<string>;
	readonly sessionId: string;
}

/**
 * Browsers' EventSource cannot send an Authorization header, and a bearer token in a URL ends up in logs. So the
 * dashboard asks for a ticket with its token (POST /v1/events/tickets) and opens GET /v1/events?ticket=…: random,
 * single-use (taken atomically), valid for 60 s, stored hashed (in Redis when there is one, so any instance takes it).
 */
export async function issueStreamTicket(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<StreamTicket> {
	const ticket = randomBytes(24).toString("base64url");
	const holder: TicketHolder = { tenantId: caller.tenantId, userId: caller.actor.userId, roles: caller.actor.roles, sessionId: caller.actor.sessionId };
	await deps.infra.realtime.tickets.put(ticket, JSON.stringify(holder), STREAM_TICKET_SECONDS * 1000);
	return { ticket, expiresInSeconds: STREAM_TICKET_SECONDS };
}

/** The person a ticket was issued to, once; undefined for an unknown, used or expired ticket. */
export async function takeStreamTicket(deps: Pick<AppDependencies, "infra">, ticket: string, origin: UserCaller["origin"]): Promise<UserCaller | undefined> {
	if (ticket.length < 16 || ticket.length > 128) return undefined;
	const stored = await deps.infra.realtime.tickets.take(ticket);
	if (stored === undefined) return undefined;
	const holder = JSON.parse(stored) as TicketHolder;
	const roles = holder.roles.filter((role): role is (typeof ROLES)[number] => (ROLES as ReadonlyArray<string>).includes(role));
	return { tenantId: holder.tenantId, actor: { kind: "user", userId: holder.userId, roles, sessionId: holder.sessionId }, origin };
}
