import { AUDIT_ACTION_NAMES, dateTimeMillisOf, isAuditAction } from "@toolboxai/shared/node";
import type { Request } from "express";
import { AppError } from "../../../errors/app-error";
import { queryText } from "../../../http/query-params";
import type { QueryParameter } from "../../../http/route";
import type { AuditFilters } from "../list-audit-events";

const WHO_MAX_LENGTH = 80;
/** Instants outside what Postgres stores (year 0, 10000) clamp to the ends: "from the beginning", "until the end". */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** The audit list's filters as the OpenAPI document states them: what auditFilters reads. */
export const AUDIT_FILTER_PARAMETERS: QueryParameter[] = [
	{
		name: "who",
		description: "Only events by someone whose name contains this text (a member's or an API key's), any letter case.",
		schema: { type: "string", maxLength: WHO_MAX_LENGTH },
	},
	{ name: "action", description: "Only events of this kind.", schema: { type: "string", enum: AUDIT_ACTION_NAMES } },
	{ name: "from", description: "Only events at or after this instant (RFC 3339 date-time).", schema: { type: "string", format: "date-time" } },
	{ name: "to", description: "Only events before this instant (RFC 3339 date-time).", schema: { type: "string", format: "date-time" } },
];

function instant(req: Request, name: string): string | undefined {
	const value = queryText(req, name, 64);
	if (value === undefined) return undefined;
	const millis = dateTimeMillisOf(value);
	if (millis === undefined) throw new AppError("bad_request", `${name} must be a date-time such as 2026-12-07T09:00:00Z.`);
	if (millis < EARLIEST || millis > LATEST) return new Date(Math.min(Math.max(millis, EARLIEST), LATEST)).toISOString();
	// As given: Postgres reads RFC 3339 to the microsecond, as it stamps events (a Date would cut to milliseconds).
	return value;
}

/** Reads ?who=, ?action=, ?from= and ?to=; anything it cannot read is 400 bad_request in plain words. */
export function auditFilters(req: Request): AuditFilters {
	const who = queryText(req, "who", WHO_MAX_LENGTH)?.trim();
	const action = queryText(req, "action", 64);
	if (action !== undefined && !isAuditAction(action)) throw new AppError("bad_request", "action is not an event the audit log records.");
	const from = instant(req, "from");
	const to = instant(req, "to");
	return {
		...(who === undefined || who === "" ? {} : { who }),
		...(action === undefined ? {} : { action }),
		...(from === undefined ? {} : { from }),
		...(to === undefined ? {} : { to }),
	};
}
