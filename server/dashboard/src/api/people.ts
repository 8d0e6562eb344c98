import {
	GuardianLink,
	GuardianLinkList,
	GuardianLinkRemoved,
	Invitation,
	InvitationList,
	Member,
	MemberList,
	MemberRemoved,
	MemberSessionsEnded,
	type Infer,
	type TenantRole,
} from "@toolboxai/shared";
import { call } from "./client";

/** The people endpoints the dashboard uses (paths as the service mounts them). */
export const PEOPLE_PATHS = {
	members: "/v1/members",
	member: (userId: string) => `/v1/members/${encodeURIComponent(userId)}`,
	memberRoles: (userId: string) => `/v1/members/${encodeURIComponent(userId)}/roles`,
	memberSessions: (userId: string) => `/v1/members/${encodeURIComponent(userId)}/sessions/end-all`,
	invitations: "/v1/invitations",
	invitation: (id: string) => `/v1/invitations/${encodeURIComponent(id)}`,
	resendInvitation: (id: string) => `/v1/invitations/${encodeURIComponent(id)}/resend`,
	guardianLinks: "/v1/guardian-links",
	guardianLink: (id: string) => `/v1/guardian-links/${encodeURIComponent(id)}`,
} as const;

export type MemberPage = Infer<typeof MemberList>;
export type InvitationPage = Infer<typeof InvitationList>;
export type { Invitation, Member } from "@toolboxai/shared";

/** `?a=1&b=2` of the given values (empty ones left out), or "". */
function queryString(values: Readonly<Record<string, string | number | undefined>>): string {
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== "") query.set(name, String(value));
	const text = query.toString();
	return text === "" ? "" : `?${text}`;
}

/** What the members list asks for: an exact email address, part of a name, a role. */
export interface MemberFilter {
	readonly email?: string;
	readonly name?: string;
	readonly role?: TenantRole;
}

export function listMembers(filter: MemberFilter = {}, cursor?: string, limit?: number): Promise<MemberPage> {
	return call(MemberList, "GET", `${PEOPLE_PATHS.members}${queryString({ ...filter, cursor, limit })}`, { auth: true });
}

export function setMemberRoles(userId: string, roles: TenantRole[]): Promise<Member> {
	return call(Member, "PUT", PEOPLE_PATHS.memberRoles(userId), { auth: true, body: { roles } });
}

/** Removes someone from the school; `transferTo` takes over their lessons and classes. */
export async function removeMember(userId: string, transferTo?: string): Promise<void> {
	await call(MemberRemoved, "DELETE", `${PEOPLE_PATHS.member(userId)}${queryString({ transferTo })}`, { auth: true });
}

export async function endMemberSessions(userId: string): Promise<number> {
	return (await call(MemberSessionsEnded, "POST", PEOPLE_PATHS.memberSessions(userId), { auth: true })).endedSessions;
}

export function listInvitations(cursor?: string): Promise<InvitationPage> {
	return call(InvitationList, "GET", `${PEOPLE_PATHS.invitations}${queryString({ cursor })}`, { auth: true });
}

export function createInvitation(email: string, role: TenantRole): Promise<Invitation> {
	return call(Invitation, "POST", PEOPLE_PATHS.invitations, { auth: true, body: { email, role } });
}

export function resendInvitation(id: string): Promise<Invitation> {
	return call(Invitation, "POST", PEOPLE_PATHS.resendInvitation(id), { auth: true });
}

export function revokeInvitation(id: string): Promise<Invitation> {
	return call(Invitation, "DELETE", PEOPLE_PATHS.invitation(id), { auth: true });
}

export type GuardianLinkPage = Infer<typeof GuardianLinkList>;

export function listGuardianLinks(filter: { guardianUserId?: string } = {}, cursor?: string): Promise<GuardianLinkPage> {
	return call(GuardianLinkList, "GET", `${PEOPLE_PATHS.guardianLinks}${queryString({ ...filter, cursor })}`, { auth: true });
}

export async function linkGuardian(guardianUserId: string, studentUserId: string): Promise<void> {
	await call(GuardianLink, "POST", PEOPLE_PATHS.guardianLinks, { auth: true, body: { guardianUserId, studentUserId } });
}

export async function removeGuardianLink(id: string): Promise<void> {
	await call(GuardianLinkRemoved, "DELETE", PEOPLE_PATHS.guardianLink(id), { auth: true });
}
