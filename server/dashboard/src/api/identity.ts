import {
	ApiKeyCreated,
	ApiKeyList,
	type ApiKeySummary,
	AuditPage,
	DeviceAuthorizationSummary,
	DeviceDecision,
	Me,
	SignupAccepted,
	SignupResponse,
	TokenResponse,
	type ApiKeyScope,
	type Infer,
	type LoginRequest,
} from "@toolboxai/shared";
import { allPages } from "./all-pages";
import { call, endBrowserSession, startBrowserSession } from "./client";

/** The identity endpoints the dashboard uses, in one place (paths as the service mounts them). */
export const PATHS = {
	login: "/v1/auth/login",
	logout: "/v1/auth/logout",
	me: "/v1/me",
	device: (userCode: string) => `/v1/auth/device/${encodeURIComponent(userCode)}`,
	deviceDecision: "/v1/auth/device/decision",
	apiKeys: "/v1/api-keys",
	apiKey: (id: string) => `/v1/api-keys/${encodeURIComponent(id)}`,
	audit: "/v1/audit-events",
	acceptInvitation: "/v1/invitations/accept",
	passwordReset: "/v1/auth/password-reset",
	passwordResetConfirm: "/v1/auth/password-reset/confirm",
	signup: "/v1/signup",
	signupComplete: "/v1/signup/complete",
} as const;

/** The shortest password the service accepts (the shared contracts' Password: 12 to 128 characters), checked before sending. */
export const PASSWORD_MIN = 12;

export async function signIn(request: LoginRequest): Promise<void> {
	await startBrowserSession((await call(TokenResponse, "POST", PATHS.login, { body: request })).refreshToken);
}

/** Ends the session on the service (and its cookie), then forgets the access token here even when the service cannot be reached. */
export function signOut(): Promise<void> {
	return endBrowserSession();
}

export function fetchMe(): Promise<Me> {
	return call(Me, "GET", PATHS.me, { auth: true });
}

export function fetchDeviceAuthorization(userCode: string): Promise<DeviceAuthorizationSummary> {
	return call(DeviceAuthorizationSummary, "GET", PATHS.device(userCode), { auth: true });
}

export function decideDevice(userCode: string, decision: "approve" | "deny"): Promise<DeviceDecision> {
	return call(DeviceDecision, "POST", PATHS.deviceDecision, { auth: true, body: { userCode, decision } });
}

export type ApiKeyCreatedReply = Infer<typeof ApiKeyCreated>;

/** Every key of the school (the service pages them; a school has a handful). */
export function listApiKeys(): Promise<ApiKeySummary[]> {
	return allPages((cursor) => call(ApiKeyList, "GET", `${PATHS.apiKeys}?limit=200${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`, { auth: true }));
}

export function createApiKey(request: { name: string; scopes: ApiKeyScope[]; universeId?: number }): Promise<ApiKeyCreatedReply> {
	return call(ApiKeyCreated, "POST", PATHS.apiKeys, { auth: true, body: request });
}

export async function revokeApiKey(id: string): Promise<void> {
	await call(undefined, "DELETE", PATHS.apiKey(id), { auth: true });
}

/** What the audit list shows: events by someone (part of a name), of one action, from/to an instant (ISO 8601). */
export interface AuditQuery {
	readonly who?: string;
	readonly action?: string;
	readonly from?: string;
	readonly to?: string;
}

/** One page of the audit log with `filters`; `cursor` continues a previous page (with the same filters). */
export function fetchAuditPage(filters: AuditQuery = {}, cursor?: string, limit?: number): Promise<Infer<typeof AuditPage>> {
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(filters)) if (typeof value === "string" && value !== "") query.set(name, value);
	if (cursor !== undefined) query.set("cursor", cursor);
	if (limit !== undefined) query.set("limit", String(limit));
	const text = query.toString();
	return call(AuditPage, "GET", `${PATHS.audit}${text === "" ? "" : `?${text}`}`, { auth: true });
}

/** Joins the inviting school: a new account (password, name), an existing one by its password, or the signed-in person. */
export async function acceptInvitation(request: { token: string; password?: string; displayName?: string }): Promise<void> {
	await startBrowserSession((await call(TokenResponse, "POST", PATHS.acceptInvitation, { auth: "if-signed-in", body: request })).refreshToken);
}

export async function requestPasswordReset(email: string): Promise<void> {
	await call(undefined, "POST", PATHS.passwordReset, { body: { email } });
}

export async function confirmPasswordReset(token: string, password: string): Promise<void> {
	await call(undefined, "POST", PATHS.passwordResetConfirm, { body: { token, password } });
}

/** Asks for a new school: the same answer whether or not the address has an account; the mail says what next. */
export function requestSignup(request: { organizationName: string; email: string }): Promise<SignupAccepted> {
	return call(SignupAccepted, "POST", PATHS.signup, { body: request });
}

/** Finishes a sign-up with the emailed link's token: the school is created and its admin signed in here. */
export async function completeSignup(request: { token: string; password: string; displayName?: string }): Promise<void> {
	await startBrowserSession((await call(SignupResponse, "POST", PATHS.signupComplete, { body: request })).tokens.refreshToken);
}
