import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Identity contracts: tenants, people, roles, sign-in and tokens, Studio device sign-in (RFC 8628),
 * API keys for game servers, and the audit log. Field names are camelCase on the wire.
 */

export const ROLES = ["platform_admin", "tenant_admin", "teacher", "student", "guardian"] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = s.enumOf(ROLES, { description: "A membership's role in a tenant." });

/** What a game server's API key may do. Runtime routes accept only keys carrying their scope. */
export const API_KEY_SCOPES = ["runtime:read", "classes:join", "progress:write", "deployments:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const ApiKeyScopeSchema = s.enumOf(API_KEY_SCOPES);

const Id = s.string({ format: "uuid" });
const Email = s.string({ format: "email", maxLength: 254 });
/** Policy: 12–128 characters (NIST 800-63B: length over composition rules); the service also refuses common passwords. */
const Password = s.string({ minLength: 12, maxLength: 128, description: "12 to 128 characters." });
const Timestamp = s.string({ format: "date-time" });

export const TenantSummary = s.object({
	id: Id,
	name: s.string({ minLength: 1, maxLength: 120, singleLine: true }),
	kind: s.enumOf(["school", "district"] as const),
});
export type TenantSummary = Infer<typeof TenantSummary>;

export const UserSummary = s.object({
	id: Id,
	email: s.optional(Email),
	displayName: s.string({ minLength: 1, maxLength: 80, singleLine: true }),
});
export type UserSummary = Infer<typeof UserSummary>;

export const SignupRequest = s.object(
	{
		organizationName: s.string({ minLength: 1, maxLength: 120, singleLine: true }),
		email: Email,
	},
	{
		description: "Asks to create a school (tenant). The answer is the same whether or not the address already has an account: the email says what comes next.",
		example: { organizationName: "Maple Grove Middle School", email: "admin@maplegrove.example" },
	},
);
export type SignupRequest = Infer<typeof SignupRequest>;

export const TokenResponse = s.object(
	{
		accessToken: s.string({ minLength: 1, maxLength: 4096, description: "JWT (EdDSA), at most 15 minutes." }),
		refreshToken: s.string({ minLength: 1, maxLength: 512, description: "Opaque; rotated on every use." }),
		expiresIn: s.integer({ minimum: 1, description: "Seconds until the access token expires." }),
		tokenType: s.literal("Bearer"),
	},
	{
		description: "A signed-in session.",
		example: { accessToken: "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.e30.sig", refreshToken: "rt_3q2-7wz", expiresIn: 900, tokenType: "Bearer" },
	},
);
export type TokenResponse = Infer<typeof TokenResponse>;

export const SignupResponse = s.object({
	tenant: TenantSummary,
	user: UserSummary,
	tokens: TokenResponse,
});
export type SignupResponse = Infer<typeof SignupResponse>;

/** The same answer for every sign-up request, so it tells nobody whether an address has an account. */
export const SignupAccepted = s.object(
	{
		status: s.literal("accepted"),
		linkValidForSeconds: s.integer({ minimum: 1, description: "How long the emailed link to finish a new school works." }),
	},
	{
		description: "Check your mail: a link to finish creating the school, or (for an address with an account) how to sign in or reset the password.",
		example: { status: "accepted", linkValidForSeconds: 86400 },
	},
);
export type SignupAccepted = Infer<typeof SignupAccepted>;

export const SignupCompleteRequest = s.object(
	{
		token: s.string({ minLength: 1, maxLength: 256, description: "From the emailed link (/sign-up/complete?token=…)." }),
		password: Password,
		displayName: s.optional(s.string({ minLength: 1, maxLength: 80, singleLine: true })),
	},
	{
		description: "Finishes a sign-up: the school, its first tenant_admin with this password, and a signed-in session.",
		example: { token: "sgn_Zm9vYmFy", password: "correct horse battery staple", displayName: "Ms Rivera" },
	},
);
export type SignupCompleteRequest = Infer<typeof SignupCompleteRequest>;

export const LoginRequest = s.object(
	{
		email: Email,
		password: s.string({ minLength: 1, maxLength: 128 }),
		tenantId: s.optional(s.string({ format: "uuid", description: "Which school to sign in to, when the person belongs to several." })),
	},
	{ example: { email: "admin@maplegrove.example", password: "correct horse battery staple" } },
);
export type LoginRequest = Infer<typeof LoginRequest>;

export const RefreshRequest = s.object({ refreshToken: s.string({ minLength: 1, maxLength: 512 }) }, { example: { refreshToken: "rt_3q2-7wz" } });
export type RefreshRequest = Infer<typeof RefreshRequest>;

export const LogoutRequest = s.object(
	{ refreshToken: s.optional(s.string({ minLength: 1, maxLength: 512 })) },
	{ description: "Revokes the session of the access token (and of the refresh token, when given).", example: {} },
);
export type LogoutRequest = Infer<typeof LogoutRequest>;

/** An IANA time zone name ("Europe/London", "America/Chicago", "UTC"); the service checks it against its time zone database. */
const TimeZone = s.string({ minLength: 1, maxLength: 64, singleLine: true, description: "An IANA time zone name, e.g. America/Chicago." });

/** The school of the session, with what the dashboard needs to show it: dates are shown in its time zone. */
export const CurrentTenant = s.object({
	id: Id,
	name: s.string({ minLength: 1, maxLength: 120, singleLine: true }),
	kind: s.enumOf(["school", "district"] as const),
	timeZone: TimeZone,
});
export type CurrentTenant = Infer<typeof CurrentTenant>;

export const SchoolSettings = s.object(
	{ timeZone: TimeZone },
	{ description: "A school's settings. Dates in the dashboard are shown in its time zone (UTC until an admin sets one).", example: { timeZone: "America/Chicago" } },
);
export type SchoolSettings = Infer<typeof SchoolSettings>;

export const SchoolSettingsUpdate = s.object(
	{ timeZone: s.optional(TimeZone) },
	{ description: "The settings to change; those left out stay as they are.", example: { timeZone: "Europe/London" } },
);
export type SchoolSettingsUpdate = Infer<typeof SchoolSettingsUpdate>;

export const Me = s.object({
	user: UserSummary,
	tenant: CurrentTenant,
	roles: s.array(RoleSchema, { maxItems: 5 }),
	memberships: s.array(s.object({ tenant: TenantSummary, roles: s.array(RoleSchema, { maxItems: 5 }) }), { maxItems: 100 }),
});
export type Me = Infer<typeof Me>;

export const PasswordResetRequest = s.object(
	{ email: Email },
	{ description: "Always answers 202, whether or not the address has an account.", example: { email: "teacher@maplegrove.example" } },
);
export const PasswordResetConfirm = s.object(
	{ token: s.string({ minLength: 1, maxLength: 256 }), password: Password },
	{ example: { token: "prt_Zm9vYmFy", password: "a brand new passphrase" } },
);

export const Accepted = s.object({ status: s.literal("accepted") }, { example: { status: "accepted" } });

// Invitations
export const InvitationCreateRequest = s.object({ email: Email, role: RoleSchema }, { example: { email: "new.teacher@maplegrove.example", role: "teacher" } });
export const Invitation = s.object({
	id: Id,
	email: Email,
	role: RoleSchema,
	expiresAt: Timestamp,
	acceptedAt: s.optional(Timestamp),
	revokedAt: s.optional(Timestamp),
	createdAt: Timestamp,
});
export type Invitation = Infer<typeof Invitation>;
export const InvitationAcceptRequest = s.object(
	{
		token: s.string({ minLength: 1, maxLength: 256 }),
		password: s.optional(Password),
		displayName: s.optional(s.string({ minLength: 1, maxLength: 80, singleLine: true })),
	},
	{
		description: "New people set a password; people who already have an account are linked (sign in first, or give their password).",
		example: { token: "inv_Zm9vYmFy", password: "a brand new passphrase", displayName: "Ms Rivera" },
	},
);

// Studio device sign-in (RFC 8628)
export const DeviceCodeRequest = s.object(
	{ clientId: s.literal("toolboxai-studio-plugin"), deviceName: s.optional(s.string({ minLength: 1, maxLength: 80, singleLine: true })) },
	{ example: { clientId: "toolboxai-studio-plugin", deviceName: "Studio on LAB-PC-07" } },
);
export const DeviceCodeResponse = s.object(
	{
		deviceCode: s.string({ minLength: 1, maxLength: 256 }),
		userCode: s.string({ minLength: 9, maxLength: 9, description: "XXXX-XXXX, no ambiguous characters." }),
		verificationUri: s.string({ minLength: 1, maxLength: 2048 }),
		verificationUriComplete: s.string({ minLength: 1, maxLength: 2048 }),
		interval: s.integer({ minimum: 1, description: "Seconds to wait between polls." }),
		expiresIn: s.integer({ minimum: 1 }),
	},
	{
		example: {
			deviceCode: "dc_Zm9vYmFyYmF6",
			userCode: "BDFG-HJKL",
			verificationUri: "http://localhost:8080/device",
			verificationUriComplete: "http://localhost:8080/device?code=BDFG-HJKL",
			interval: 5,
			expiresIn: 600,
		},
	},
);
export type DeviceCodeResponse = Infer<typeof DeviceCodeResponse>;
export const DeviceTokenRequest = s.object(
	{ deviceCode: s.string({ minLength: 1, maxLength: 256 }) },
	{
		description:
			"Poll at the given interval. Until a teacher decides, the answer is a 400 error whose code is authorization_pending, slow_down (wait 5 s longer), expired_token or access_denied.",
		example: { deviceCode: "dc_Zm9vYmFyYmF6" },
	},
);
export const DeviceDecisionRequest = s.object(
	{ userCode: s.string({ minLength: 8, maxLength: 16 }), decision: s.enumOf(["approve", "deny"] as const) },
	{ example: { userCode: "BDFG-HJKL", decision: "approve" } },
);
export const DeviceDecision = s.object({
	status: s.enumOf(["approved", "denied"] as const),
	deviceName: s.optional(s.string({ maxLength: 80 })),
});
export type DeviceCodeRequest = Infer<typeof DeviceCodeRequest>;
export type DeviceTokenRequest = Infer<typeof DeviceTokenRequest>;
export type DeviceDecisionRequest = Infer<typeof DeviceDecisionRequest>;
export type DeviceDecision = Infer<typeof DeviceDecision>;
/** What the approval page (the verificationUri) shows a teacher before they approve or deny a user code. */
export const DeviceAuthorizationSummary = s.object(
	{
		userCode: s.string({ minLength: 9, maxLength: 9, description: "XXXX-XXXX, as the device shows it." }),
		clientId: s.string({ minLength: 1, maxLength: 64 }),
		deviceName: s.optional(s.string({ maxLength: 80 })),
		status: s.enumOf(["pending", "approved", "denied"] as const, { description: "Only pending codes can be decided." }),
		expiresAt: Timestamp,
	},
	{
		example: {
			userCode: "BDFG-HJKL",
			clientId: "toolboxai-studio-plugin",
			deviceName: "Studio on LAB-PC-07",
			status: "pending",
			expiresAt: "2026-11-25T14:10:00.000Z",
		},
	},
);
export type DeviceAuthorizationSummary = Infer<typeof DeviceAuthorizationSummary>;

// API keys for game servers
export const ApiKeyCreateRequest = s.object(
	{
		name: s.string({ minLength: 1, maxLength: 80, singleLine: true }),
		universeId: s.optional(s.integer({ minimum: 1, description: "The Roblox experience (universe) this key is for." })),
		scopes: s.array(ApiKeyScopeSchema, { minItems: 1, maxItems: 4 }),
	},
	{ example: { name: "Fractions experience (production)", universeId: 4815162342, scopes: ["runtime:read", "classes:join", "progress:write"] } },
);
export const ApiKeySummary = s.object({
	id: Id,
	name: s.string({ minLength: 1, maxLength: 80 }),
	prefix: s.string({ minLength: 1, maxLength: 32, description: "The key's first characters, to recognise it." }),
	universeId: s.optional(s.integer({ minimum: 1 })),
	scopes: s.array(ApiKeyScopeSchema, { maxItems: 4 }),
	createdAt: Timestamp,
	lastUsedAt: s.optional(Timestamp),
	revokedAt: s.optional(Timestamp),
});
export type ApiKeySummary = Infer<typeof ApiKeySummary>;
export const ApiKeyCreated = s.object({
	apiKey: ApiKeySummary,
	secret: s.string({ minLength: 20, maxLength: 128, description: "Shown once. Store it in the experience's Secrets store." }),
});
/** The position after a page's last row, for ?cursor=: absent on the last page. */
const NextCursor = s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next page; absent on the last page." }));
export const ApiKeyList = s.object({ items: s.array(ApiKeySummary, { maxItems: 200 }), nextCursor: NextCursor });
/** The key a request is made with, and its school: what `toolboxai whoami` shows. */
export const ApiKeyIdentity = s.object(
	{ tenant: TenantSummary, apiKey: ApiKeySummary },
	{
		description: "The calling API key and the school it belongs to.",
		example: {
			tenant: { id: "9b2f4c1e-7a3d-4e5f-8a1b-2c3d4e5f6a7b", name: "Cedar Ridge Middle School", kind: "school" },
			apiKey: {
				id: "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4",
				name: "CI deploys",
				prefix: "tbx_3Fq9",
				scopes: ["deployments:write"],
				createdAt: "2026-11-25T13:09:16.123Z",
			},
		},
	},
);
export type ApiKeyIdentity = Infer<typeof ApiKeyIdentity>;

// Audit log
export const AuditEvent = s.object({
	id: Id,
	action: s.string({ minLength: 1, maxLength: 64, description: "e.g. auth.login, auth.login_failed, apikey.created" }),
	actorUserId: s.optional(Id),
	actorApiKeyId: s.optional(Id),
	targetType: s.optional(s.string({ maxLength: 64 })),
	targetId: s.optional(s.string({ maxLength: 128 })),
	ip: s.optional(s.string({ maxLength: 64 })),
	requestId: s.optional(s.string({ maxLength: 128 })),
	details: s.optional(s.record(s.unknown(), { maxEntries: 32 })),
	createdAt: Timestamp,
	sentence: s.string({ minLength: 1, maxLength: 600, description: "The event in one sentence, with names instead of ids." }),
	actorName: s.optional(s.string({ maxLength: 200, description: "Who did it, by name (a person, or a key as e.g. a game server using key 'Lab key')." })),
	targetName: s.optional(s.string({ maxLength: 300, description: "What it was done to, by name." })),
});
export type AuditEvent = Infer<typeof AuditEvent>;
export const AuditPage = s.object({
	items: s.array(AuditEvent, { maxItems: 200 }),
	nextCursor: s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next (older) page." })),
});

// Tenancy: members, invitations list, guardian links (engineer B)
/** Roles a school can give: platform_admin is the operator's, never granted from inside a tenant. */
export const TENANT_ROLES = ["tenant_admin", "teacher", "student", "guardian"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const TenantRoleSchema = s.enumOf(TENANT_ROLES, { description: "A role a school can give." });

export const Member = s.object({
	user: UserSummary,
	roles: s.array(RoleSchema, { minItems: 1, maxItems: 5 }),
	joinedAt: Timestamp,
});
export type Member = Infer<typeof Member>;
export const MemberList = s.object({ items: s.array(Member, { maxItems: 200 }), nextCursor: NextCursor });
export const MemberRolesUpdate = s.object(
	{ roles: s.array(TenantRoleSchema, { minItems: 1, maxItems: 4, description: "Replaces the member's roles in this school." }) },
	{ example: { roles: ["teacher"] } },
);
export const MemberRemoved = s.object({ userId: Id, status: s.literal("removed") });
export const InvitationList = s.object({ items: s.array(Invitation, { maxItems: 200 }), nextCursor: NextCursor });
export const GuardianLinkCreate = s.object(
	{ guardianUserId: Id, studentUserId: Id },
	{ example: { guardianUserId: "00000000-0000-4000-8000-000000000001", studentUserId: "00000000-0000-4000-8000-000000000002" } },
);
export const GuardianLink = s.object({ id: Id, guardianUserId: Id, studentUserId: Id, createdAt: Timestamp });
export const LinkedStudentList = s.object({ items: s.array(UserSummary, { maxItems: 100 }) });
/** A guardian link as the people pages show it: both people by name. */
export const GuardianLinkDetail = s.object({ id: Id, guardian: UserSummary, student: UserSummary, createdAt: Timestamp });
export type GuardianLinkDetail = Infer<typeof GuardianLinkDetail>;
export const GuardianLinkList = s.object({ items: s.array(GuardianLinkDetail, { maxItems: 200 }), nextCursor: NextCursor });
export type GuardianLinkList = Infer<typeof GuardianLinkList>;
export const GuardianLinkRemoved = s.object({ id: Id, status: s.literal("removed") });
export const MemberSessionsEnded = s.object(
	{ userId: Id, endedSessions: s.integer({ minimum: 0, description: "How many of their sessions in this school were still open." }) },
	{ example: { userId: "00000000-0000-4000-8000-000000000001", endedSessions: 2 } },
);
export type MemberSessionsEnded = Infer<typeof MemberSessionsEnded>;

/** What a game server's key is: proves a key end to end (GET /v1/runtime/whoami). */
export const RuntimeWhoAmI = s.object({
	tenantId: Id,
	apiKeyId: Id,
	scopes: s.array(ApiKeyScopeSchema, { maxItems: 4 }),
});
export type RuntimeWhoAmI = Infer<typeof RuntimeWhoAmI>;
