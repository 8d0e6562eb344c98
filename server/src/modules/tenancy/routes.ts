import {
	Accepted,
	GuardianLink,
	GuardianLinkCreate,
	Invitation,
	InvitationAcceptRequest,
	InvitationCreateRequest,
	InvitationList,
	LinkedStudentList,
	MemberList,
	Member,
	MemberRemoved,
	MemberRolesUpdate,
	SchoolSettings,
	SchoolSettingsUpdate,
	SignupAccepted,
	SignupCompleteRequest,
	SignupRequest,
	SignupResponse,
	TokenResponse,
	type Infer,
} from "@toolboxai/shared";
import type { Request } from "express";
import { isUserCaller } from "../../access/caller";
import type { AppDependencies, AppModule } from "../../http/app-module";
import { authenticateRequest } from "../auth";
import { defineRoute } from "../../http/route";
import { changeMemberRoles } from "./change-member-roles";
import { acceptInvitation } from "./invitations/accept-invitation";
import { createInvitation } from "./invitations/create-invitation";
import { listInvitations } from "./invitations/list-invitations";
import { revokeInvitation } from "./invitations/revoke-invitation";
import { linkGuardian } from "./link-guardian";
import { listLinkedStudents } from "./list-linked-students";
import { listMembers } from "./list-members";
import { removeMember } from "./remove-member";
import { getSchoolSettings } from "./school-settings/get-school-settings";
import { updateSchoolSettings } from "./school-settings/update-school-settings";
import { unlockMember } from "./unlock-member";
import { originOf, pathId, userCallerOf } from "../../http/request-context";
import { completeSignup } from "./signup/complete-signup";
import { requestSignup } from "./signup/request-signup";

/** On a public route: the signed-in caller if the request carries a valid access token, else undefined. */
async function optionalUserId(deps: AppDependencies, req: Request): Promise<string | undefined> {
	if (req.get("authorization") === undefined) return undefined;
	const caller = await authenticateRequest(deps, req, { kind: "user" });
	return isUserCaller(caller) ? caller.actor.userId : undefined;
}

export const tenancyModule: AppModule = {
	name: "tenancy",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/school/settings",
			operationId: "getSchoolSettings",
			summary: "The school's settings (its time zone)",
			description: "Every member may read them: the dashboard shows dates in the school's time zone (also returned by getMe as tenant.timeZone).",
			tags: ["tenancy"],
			access: { kind: "user", permission: "tenant:read" },
			response: { status: 200, body: SchoolSettings, description: "The school's settings." },
			errors: [],
			handle: ({ req }) => getSchoolSettings(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "patch",
			path: "/v1/school/settings",
			operationId: "updateSchoolSettings",
			summary: "Change the school's settings (its time zone)",
			description:
				"timeZone is an IANA name (Europe/London, America/Chicago, UTC), stored as the time zone database spells it; " +
				"a name it does not know is 422 unknown_time_zone. A new school starts in UTC. A change is recorded in the audit log.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "tenant:manage" },
			request: { body: SchoolSettingsUpdate, example: { timeZone: "America/Chicago" } },
			response: { status: 200, body: SchoolSettings, description: "The settings now." },
			errors: ["unknown_time_zone"],
			handle: ({ req, body }) => updateSchoolSettings(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "post",
			path: "/v1/signup",
			operationId: "signup",
			summary: "Ask to create a school: the next step arrives by email",
			description:
				"Always the same 202, whether or not the address has an account. A new address is mailed a single-use link, valid 24 hours, " +
				"to a dashboard page that finishes the school (completeSignup); an address with an account is mailed how to sign in or reset its password. " +
				"Limited per IP address (429 with Retry-After) and per email address (past the limit nothing more is sent; the answer stays 202).",
			tags: ["tenancy"],
			access: { kind: "public" },
			request: { body: SignupRequest, example: { organizationName: "Maple Grove Middle School", email: "admin@maplegrove.example" } },
			response: { status: 202, body: SignupAccepted, description: "Check your mail." },
			errors: ["rate_limited"],
			handle: ({ req, body, logger }) => requestSignup({ ...deps, logger }, { ...body, origin: originOf(req) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/signup/complete",
			operationId: "completeSignup",
			summary: "Finish creating a school with the emailed link",
			description:
				"Creates the school, its first tenant_admin with the chosen password, and a signed-in session. The link works once, within 24 hours: " +
				"an unknown, used or expired link is 404 not_found. A refused password (422) leaves the link usable.",
			tags: ["tenancy"],
			access: { kind: "public" },
			request: { body: SignupCompleteRequest, example: { token: "sgn_Zm9vYmFy", password: "correct horse battery staple", displayName: "Ms Rivera" } },
			response: { status: 201, body: SignupResponse, description: "The new school, its administrator and their tokens." },
			errors: ["not_found", "conflict"],
			// (Tokens in the reply: the registry marks every reply no-store.)
			handle: ({ req, body }) =>
				completeSignup(deps, {
					token: body.token,
					password: body.password,
					...(body.displayName === undefined ? {} : { displayName: body.displayName }),
					origin: originOf(req),
				}),
		}),
		defineRoute({
			method: "get",
			path: "/v1/members",
			operationId: "listMembers",
			summary: "Everyone in the school, with their roles",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:read" },
			response: { status: 200, body: MemberList, description: "Longest-standing members first." },
			errors: [],
			handle: async ({ req }) => ({ items: await listMembers(deps, userCallerOf(req)) }),
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
			description: "Every role and guardian link in this school goes, and their sessions here end. Their account stays.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:manage" },
			response: { status: 200, body: MemberRemoved, description: "Removed." },
			errors: ["not_found", "conflict"],
			handle: async ({ req, params }) => {
				const userId = pathId(params.userId, "member");
				await removeMember(deps, userCallerOf(req), { userId });
				return { userId, status: "removed" as const };
			},
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
			path: "/v1/linked-students",
			operationId: "listLinkedStudents",
			summary: "The students the signed-in guardian is linked to",
			tags: ["tenancy"],
			access: { kind: "user", permission: "students:read_linked" },
			response: { status: 200, body: LinkedStudentList, description: "Linked students who are still in the school." },
			errors: [],
			handle: async ({ req }) => ({ items: await listLinkedStudents(deps, userCallerOf(req)) }),
		}),
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
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			response: { status: 200, body: InvitationList, description: "Newest first." },
			errors: [],
			handle: async ({ req }) => ({ items: await listInvitations(deps, userCallerOf(req)) }),
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
			method: "delete",
			path: "/v1/invitations/:invitationId",
			operationId: "revokeInvitation",
			summary: "Revoke a pending invitation",
			tags: ["tenancy"],
			access: { kind: "user", permission: "members:invite" },
			response: { status: 200, body: Invitation, description: "The revoked invitation." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => revokeInvitation(deps, userCallerOf(req), { invitationId: pathId(params.invitationId, "invitation") }),
		}),
	],
};
