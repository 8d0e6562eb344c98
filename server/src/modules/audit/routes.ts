import { AuditPage } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { AppError } from "../../http/app-error";
import { defineRoute } from "../../http/route";
import { userPrincipal } from "../tenancy/request-context";
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, listAuditEvents } from "./list-audit-events";

function pageOf(req: Request): { cursor?: string; limit: number } {
	const { cursor, limit } = req.query;
	if (cursor !== undefined && typeof cursor !== "string") throw new AppError("bad_request", "Give cursor once.");
	if (limit !== undefined && (typeof limit !== "string" || !/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > AUDIT_PAGE_MAX)) {
		throw new AppError("bad_request", `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}.`);
	}
	return { ...(cursor === undefined || cursor === "" ? {} : { cursor }), limit: limit === undefined ? AUDIT_PAGE_DEFAULT : Number(limit) };
}

export const auditModule: AppModule = {
	name: "audit",
	routes: ({ infra }) => [
		defineRoute({
			method: "get",
			path: "/v1/audit-events",
			operationId: "listAuditEvents",
			summary: "The school's audit log, newest first",
			description: `Security events (sign-ins, role changes, keys, invitations). Page with ?limit= (1-${AUDIT_PAGE_MAX}, default ${AUDIT_PAGE_DEFAULT}) and ?cursor= from the previous page's nextCursor.`,
			tags: ["audit"],
			access: { kind: "user", permission: "audit:read" },
			response: { status: 200, body: AuditPage, description: "One page of events." },
			errors: ["bad_request"],
			handle: ({ req }) => listAuditEvents(infra.db, userPrincipal(req).tenantId, pageOf(req)),
		}),
	],
};
