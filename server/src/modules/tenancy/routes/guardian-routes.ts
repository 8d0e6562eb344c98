import { GuardianLink, GuardianLinkCreate, GuardianLinkList, GuardianLinkRemoved, LinkedStudentList } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppDependencies } from "../../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../../http/query-params";
import { pathId, userCallerOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { linkGuardian } from "../guardians/link-guardian";
import { GUARDIAN_LINK_PAGE_DEFAULT, GUARDIAN_LINK_PAGE_MAX, type GuardianLinkListQuery, listGuardianLinks } from "../guardians/list-guardian-links";
import { listLinkedStudents } from "../guardians/list-linked-students";
import { removeGuardianLink } from "../guardians/remove-guardian-link";
import { queryUserId } from "./query-user-id";

const PAGE = { defaultLimit: GUARDIAN_LINK_PAGE_DEFAULT, maxLimit: GUARDIAN_LINK_PAGE_MAX };

function linkQueryOf(req: Request): GuardianLinkListQuery {
	const guardian = queryUserId(req, "guardianUserId");
	const student = queryUserId(req, "studentUserId");
	return {
		...pageQuery(req, PAGE),
		...(guardian === undefined ? {} : { guardianUserId: guardian }),
		...(student === undefined ? {} : { studentUserId: student }),
	};
}

/** Guardians and the students they may see: linking, the school's list of links, unlinking, and a guardian's own view. */
export function guardianRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "post",
			path: "/v1/guardian-links",
			operationId: "linkGuardian",
			summary: "Let a guardian see one of the school's students",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			request: {
				body: GuardianLinkCreate,
				example: { guardianUserId: "00000000-0000-4000-8000-000000000001", studentUserId: "00000000-0000-4000-8000-000000000002" },
			},
			response: { status: 201, body: GuardianLink, description: "The link (the same one if it existed)." },
			errors: [],
			handle: ({ req, body }) => linkGuardian(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/guardian-links",
			operationId: "listGuardianLinks",
			summary: "The school's guardian links, both people by name",
			description: `Newest first; ?guardianUserId= or ?studentUserId= keeps one person's links. Page with ?limit= (1-${GUARDIAN_LINK_PAGE_MAX}, default ${GUARDIAN_LINK_PAGE_DEFAULT}) and ?cursor=.`,
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			query: [
				{ name: "guardianUserId", description: "Only this guardian's links.", schema: { type: "string", maxLength: 36 } },
				{ name: "studentUserId", description: "Only this student's links.", schema: { type: "string", maxLength: 36 } },
				...pageQueryParameters(PAGE),
			],
			response: { status: 200, body: GuardianLinkList, description: "One page of links." },
			errors: ["bad_request"],
			handle: ({ req }) => listGuardianLinks(deps, userCallerOf(req), linkQueryOf(req)),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/guardian-links/:linkId",
			operationId: "removeGuardianLink",
			summary: "Stop a guardian seeing a student",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			response: { status: 200, body: GuardianLinkRemoved, description: "The link is gone." },
			errors: ["not_found"],
			handle: ({ req, params }) => removeGuardianLink(deps, userCallerOf(req), { linkId: pathId(params.linkId, "guardian link") }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/linked-students",
			operationId: "listLinkedStudents",
			summary: "The students the signed-in guardian is linked to",
			tags: ["tenancy"],
			access: { kind: "user", permission: "students:read_linked" },
			response: { status: 200, body: LinkedStudentList, description: "Linked students who are still in the school." },
			errors: [],
			handle: async ({ req }) => ({ items: await listLinkedStudents(deps, userCallerOf(req)) }),
		}),
	];
}
