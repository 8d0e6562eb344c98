import { Invitation, InvitationAcceptRequest, InvitationCreateRequest, InvitationList, TokenResponse, type Infer } from "@toolboxai/shared";
import type { Request } from "express";
import { isUserCaller } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../../http/query-params";
import { originOf, pathId, userCallerOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { authenticateRequest } from "../../auth";
import { acceptInvitation } from "../invitations/accept-invitation";
import { createInvitation } from "../invitations/create-invitation";
import { INVITATION_PAGE_DEFAULT, INVITATION_PAGE_MAX, listInvitations } from "../invitations/list-invitations";
import { resendInvitation } from "../invitations/resend-invitation";
import { revokeInvitation } from "../invitations/revoke-invitation";

const PAGE = { defaultLimit: INVITATION_PAGE_DEFAULT, maxLimit: INVITATION_PAGE_MAX };

/** On a public route: the signed-in caller if the request carries a valid access token, else undefined. */
async function optionalUserId(deps: AppDependencies, req: Request): Promise<string | undefined> {
	if (req.get("authorization") === undefined) return undefined;
	const caller = await authenticateRequest(deps, req, { kind: "user" });
	return isUserCaller(caller) ? caller.actor.userId : undefined;
}

const invitationId = (params: Readonly<Record<string, string>>) => pathId(params.invitationId, "invitation");

/** Inviting people by email: send, list with their state, send again, revoke, and accept. */
export function invitationRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "post",
			path: "/v1/invitations",
			operationId: "createInvitation",
			summary: "Invite someone to the school by email",
			description: "Mails a single-use link valid for 7 days.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			request: { body: InvitationCreateRequest, example: { email: "new.teacher@maplegrove.example", role: "teacher" } as Infer<typeof InvitationCreateRequest> },
			response: { status: 201, body: Invitation, description: "The invitation (the token is only in the mail)." },
			errors: ["conflict"],
			handle: ({ req, body }) => createInvitation(deps, userCallerOf(req), { email: body.email, role: body.role }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/invitations",
			operationId: "listInvitations",
			summary: "The school's invitations",
			description: `Newest first, accepted, revoked and expired ones included. Page with ?limit= (1-${INVITATION_PAGE_MAX}, default ${INVITATION_PAGE_DEFAULT}) and ?cursor=.`,
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			query: pageQueryParameters(PAGE),
			response: { status: 200, body: InvitationList, description: "One page of invitations, newest first." },
			errors: ["bad_request"],
			handle: ({ req }) => listInvitations(deps, userCallerOf(req), pageQuery(req, PAGE)),
		}),
		defineRoute({
			method: "post",
			path: "/v1/invitations/accept",
			operationId: "acceptInvitation",
			summary: "Accept an invitation",
			description: "New people set a password; people with an account sign in first (Authorization header) or give its password. Answers a session in the inviting school.",
			tags: ["tenancy"],
			access: { kind: "public" },
			request: { body: InvitationAcceptRequest, example: { token: "inv_Zm9vYmFy", password: "a brand new passphrase", displayName: "Ms Rivera" } },
			response: { status: 200, body: TokenResponse, description: "Signed in to the school that invited you." },
			errors: ["not_found", "unauthenticated", "forbidden", "conflict"],
			handle: async ({ req, body }) => {
				const signedInUserId = await optionalUserId(deps, req);
				return acceptInvitation(deps, {
					token: body.token,
					...(body.password === undefined ? {} : { password: body.password }),
					...(body.displayName === undefined ? {} : { displayName: body.displayName }),
					...(signedInUserId === undefined ? {} : { signedInUserId }),
					origin: originOf(req),
				});
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/invitations/:invitationId/resend",
			operationId: "resendInvitation",
			summary: "Send an invitation again with a new link",
			description: "For a pending or expired invitation: a new link valid 7 days is mailed and the earlier link stops working. An accepted or revoked one is 409.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			response: { status: 200, body: Invitation, description: "The invitation with its new expiry." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => resendInvitation(deps, userCallerOf(req), { invitationId: invitationId(params) }),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/invitations/:invitationId",
			operationId: "revokeInvitation",
			summary: "Revoke a pending invitation",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			response: { status: 200, body: Invitation, description: "The revoked invitation." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => revokeInvitation(deps, userCallerOf(req), { invitationId: invitationId(params) }),
		}),
	];
}
