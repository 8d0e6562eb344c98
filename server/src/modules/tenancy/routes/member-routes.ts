import { Accepted, type Infer, MemberList, Member, MemberRemoved, MemberRolesUpdate, MemberSessionsEnded, TENANT_ROLES, type TenantRole } from "@toolboxai/shared";
import type { Request } from "express";
import { AppError } from "../../../errors/app-error";
import type { AppDependencies } from "../../../http/app-module";
import { pageQuery, pageQueryParameters, queryText } from "../../../http/query-params";
import { pathId, userCallerOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { changeMemberRoles } from "../change-member-roles";
import { endSessionsOfMember } from "../end-sessions-of-member";
import { listMembers, MEMBER_PAGE_DEFAULT, MEMBER_PAGE_MAX, type MemberListQuery } from "../list-members";
import { removeMember } from "../remove-member";
import { unlockMember } from "../unlock-member";
import { queryUserId } from "./query-user-id";

const PAGE = { defaultLimit: MEMBER_PAGE_DEFAULT, maxLimit: MEMBER_PAGE_MAX };

function memberQueryOf(req: Request): MemberListQuery {
	const email = queryText(req, "email", 254);
	const name = queryText(req, "name", 80);
	const role = queryText(req, "role");
	if (role !== undefined && !(TENANT_ROLES as ReadonlyArray<string>).includes(role)) throw new AppError("bad_request", `role is one of ${TENANT_ROLES.join(", ")}.`);
	return {
		...pageQuery(req, PAGE),
		...(email === undefined ? {} : { email }),
		...(name === undefined ? {} : { name }),
		...(role === undefined ? {} : { role: role as TenantRole }),
	};
}

const memberId = (params: Readonly<Record<string, string>>) => pathId(params.userId, "member");

/** The school's people: the list, their roles, removing them, signing them out, unlocking their sign-in. */
export function memberRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "get",
			path: "/v1/members",
			operationId: "listMembers",
			summary: "Everyone in the school, with their roles",
			description:
				`Longest-standing members first. Page with ?limit= (1-${MEMBER_PAGE_MAX}, default ${MEMBER_PAGE_DEFAULT}) and ?cursor=. ` +
				"?email= finds one address exactly (not part of one); ?name= keeps members whose display name contains the text (any case, any accents); " +
				"?role= keeps members with that role. A page filtered by name may hold fewer items than ?limit= and still have a nextCursor: keep paging.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:read" },
			query: [
				{ name: "email", description: "Exactly this email address (any case).", schema: { type: "string", maxLength: 254 } },
				{ name: "name", description: "Part of the display name.", schema: { type: "string", maxLength: 80 } },
				{ name: "role", description: "Only members with this role.", schema: { type: "string", enum: [...TENANT_ROLES] } },
				...pageQueryParameters(PAGE),
			],
			response: { status: 200, body: MemberList, description: "One page of members." },
			errors: ["bad_request"],
			handle: ({ req }) => listMembers(deps, userCallerOf(req), memberQueryOf(req)),
		}),
		defineRoute({
			method: "put",
			path: "/v1/members/:userId/roles",
			operationId: "setMemberRoles",
			summary: "Replace a member's roles in the school",
			description: "Their sessions in this school end, so they sign in again with the new roles. The last tenant_admin cannot lose the role.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			request: { body: MemberRolesUpdate, example: { roles: ["teacher"] } as Infer<typeof MemberRolesUpdate> },
			response: { status: 200, body: Member, description: "The member with their new roles." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params, body }) => changeMemberRoles(deps, userCallerOf(req), { userId: pathId(params.userId, "member"), roles: body.roles }),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/members/:userId",
			operationId: "removeMember",
			summary: "Remove someone from the school",
			description:
				"Every role and guardian link in this school goes, and their sessions here end. Their account stays. " +
				"Someone who owns lessons or teaches classes is removed only with ?transferTo= naming another teacher or school admin, who takes them over " +
				"(409 conflict without it, with the counts in details; 422 validation_failed when transferTo is not such a colleague).",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			query: [{ name: "transferTo", description: "The user id of the colleague who takes over their lessons and classes.", schema: { type: "string", maxLength: 36 } }],
			response: { status: 200, body: MemberRemoved, description: "Removed." },
			errors: ["not_found", "conflict", "bad_request", "validation_failed"],
			handle: async ({ req, params }) => {
				const userId = memberId(params);
				const transferTo = queryUserId(req, "transferTo");
				await removeMember(deps, userCallerOf(req), { userId, ...(transferTo === undefined ? {} : { transferTo }) });
				return { userId, status: "removed" as const };
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/members/:userId/sessions/end-all",
			operationId: "endMemberSessions",
			summary: "Sign a member out of the school everywhere",
			description: "Ends every open session of theirs in this school (their other schools are not touched); their roles stay. Recorded in the audit log.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			response: { status: 200, body: MemberSessionsEnded, description: "How many sessions were ended." },
			errors: ["not_found"],
			handle: ({ req, params }) => endSessionsOfMember(deps, userCallerOf(req), { userId: memberId(params) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/members/:userId/unlock",
			operationId: "unlockMember",
			summary: "Let a member sign in again after repeated failed sign-ins",
			description:
				"Lifts the member's sign-in locks: every address's run of failures on their account, and the account-wide count. " +
				"The per-address ceiling is not lifted (it belongs to an address others share). Recorded in the audit log as member.sign_in_unlocked.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			response: { status: 200, body: Accepted, description: "The member can sign in again." },
			errors: ["not_found"],
			handle: ({ req, params }) => unlockMember(deps, userCallerOf(req), { userId: pathId(params.userId, "member") }),
		}),
	];
}
