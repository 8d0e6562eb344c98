import { AuditPage } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { defineRoute } from "../../http/route";
import { userCallerOf } from "../../http/request-context";
import { AUDIT_FILTER_PARAMETERS, auditFilters } from "./http/audit-filters";
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, listAuditEvents } from "./list-audit-events";

export const auditModule: AppModule = {
	name: "audit",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/audit-events",
			operationId: "listAuditEvents",
			summary: "The school's audit log, newest first",
			description: `Security events (sign-ins, role changes, keys, invitations). Each event has a sentence with names instead of ids. Filter with ?who=, ?action=, ?from= and ?to=; page with ?limit= (1-${AUDIT_PAGE_MAX}, default ${AUDIT_PAGE_DEFAULT}) and ?cursor= from the previous page's nextCursor, repeating the same filters.`,
			tags: ["audit"],
			access: { kind: "user", permission: "audit:read" },
			query: [...pageQueryParameters({ defaultLimit: AUDIT_PAGE_DEFAULT, maxLimit: AUDIT_PAGE_MAX }), ...AUDIT_FILTER_PARAMETERS],
			response: { status: 200, body: AuditPage, description: "One page of events." },
			errors: ["bad_request"],
			handle: ({ req }) => listAuditEvents(deps, userCallerOf(req), { ...pageQuery(req, { defaultLimit: AUDIT_PAGE_DEFAULT, maxLimit: AUDIT_PAGE_MAX }), ...auditFilters(req) }),
		}),
	],
};
