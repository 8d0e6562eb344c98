import { s } from "../schema/build";
import type { Infer } from "../schema/types";

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });
const RobloxUserId = s.integer({ minimum: 1, description: "The student's Roblox UserId." });

/** access: a copy of the data (export); rectification: a correction; erasure: deletion; restriction: stop processing. */
export const PRIVACY_REQUEST_KINDS = ["access", "rectification", "erasure", "restriction"] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export const PRIVACY_SUBJECT_KINDS = ["student", "staff", "school"] as const;
export type PrivacySubjectKind = (typeof PRIVACY_SUBJECT_KINDS)[number];
/** received: recorded, waiting; routed: reached us from outside the school and was passed to its admins, not acted on. */
export const PRIVACY_REQUEST_STATUSES = ["received", "in_progress", "completed", "failed", "routed"] as const;
export const PRIVACY_STEP_STATUSES = ["pending", "running", "done", "failed"] as const;
export const IDENTITY_CHECK_METHODS = ["school_records", "signed_in_account", "in_person", "document", "other"] as const;

export const PrivacySubjectInput = s.object(
	{
		kind: s.enumOf(PRIVACY_SUBJECT_KINDS),
		userId: s.optional(s.string({ format: "uuid", description: "The member (student or staff) the request is about." })),
		robloxUserId: s.optional(s.integer({ minimum: 1, description: "A student by Roblox UserId instead of member id." })),
	},
	{ description: "Who the request is about: a student (userId or robloxUserId), a staff member (userId), or the whole school (neither)." },
);

export const IdentityCheck = s.object(
	{
		method: s.enumOf(IDENTITY_CHECK_METHODS, {
			description: "How the requester's identity (or authority to ask) was checked: the school's records, their signed-in account, in person, a document, other.",
		}),
		note: s.optional(s.string({ maxLength: 500, description: "What was checked, in a few words (no copies of documents)." })),
	},
	{ description: "The record of how the requester's identity was checked." },
);

export const PrivacyRequestCreate = s.object(
	{ kind: s.enumOf(PRIVACY_REQUEST_KINDS), subject: PrivacySubjectInput, identityCheck: IdentityCheck },
	{
		description: "A data request the school received (as the controller) or an admin makes about their own account.",
		example: { kind: "access", subject: { kind: "student", robloxUserId: 1234567 }, identityCheck: { method: "school_records", note: "Parent known to the class teacher." } },
	},
);
export type PrivacyRequestCreate = Infer<typeof PrivacyRequestCreate>;

export const PrivacyStep = s.object({
	name: s.string({ maxLength: 64 }),
	status: s.enumOf(PRIVACY_STEP_STATUSES),
	attempts: s.integer({ minimum: 0 }),
	outcome: s.optional(s.record(s.unknown(), { maxEntries: 50, description: "What the step did (counts, paths), never personal data." })),
	error: s.optional(s.string({ maxLength: 1000 })),
	startedAt: s.optional(Timestamp),
	finishedAt: s.optional(Timestamp),
});

export const PrivacyProof = s.object(
	{
		requestId: Id,
		kind: s.enumOf(PRIVACY_REQUEST_KINDS),
		subject: s.string({ maxLength: 200, description: "The subject, pseudonymously (e.g. 'student with Roblox UserId 1234567')." }),
		receivedAt: Timestamp,
		completedAt: Timestamp,
		steps: s.array(s.object({ name: s.string({ maxLength: 64 }), finishedAt: Timestamp, outcome: s.record(s.unknown(), { maxEntries: 50 }) }), { maxItems: 50 }),
		backupRetention: s.string({ maxLength: 500, description: "How long copies in backups live before they rotate out." }),
		kept: s.array(s.string({ maxLength: 300 }), { maxItems: 20, description: "What was kept on purpose and why (e.g. billing records the law requires)." }),
	},
	{ description: "The report a completed request leaves: what was done, when, and what backups still hold." },
);

export const PrivacyRequest = s.object({
	id: Id,
	kind: s.enumOf(PRIVACY_REQUEST_KINDS),
	subject: s.object({
		kind: s.enumOf(PRIVACY_SUBJECT_KINDS),
		userId: s.optional(Id),
		robloxUserId: s.optional(RobloxUserId),
		label: s.string({ maxLength: 200, description: "Words for the subject: the member's name while they are in the school." }),
	}),
	source: s.enumOf(["school", "outside"] as const, { description: "outside: reached us from someone outside the school; routed to its admins, not acted on." }),
	requestedBy: s.string({ maxLength: 200, description: "Who asked: the admin's name, or 'someone outside the school'." }),
	identityCheck: s.optional(s.object({ method: s.enumOf(IDENTITY_CHECK_METHODS), note: s.optional(s.string({ maxLength: 500 })), checkedAt: Timestamp })),
	status: s.enumOf(PRIVACY_REQUEST_STATUSES),
	receivedAt: Timestamp,
	dueAt: Timestamp,
	extendedUntil: s.optional(Timestamp),
	extensionReason: s.optional(s.string({ maxLength: 500 })),
	steps: s.array(PrivacyStep, { maxItems: 50 }),
	archive: s.optional(s.object({ bytes: s.integer({ minimum: 0 }), expiresAt: Timestamp, available: s.boolean() })),
	proof: s.optional(PrivacyProof),
	completedAt: s.optional(Timestamp),
});
export type PrivacyRequest = Infer<typeof PrivacyRequest>;

export const PrivacyRequestPage = s.object({
	items: s.array(PrivacyRequest, { maxItems: 100 }),
	nextCursor: s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next (older) page." })),
});

export const PrivacyRequestExtend = s.object(
	{ reason: s.string({ minLength: 10, maxLength: 500, description: "Why the request needs longer (the requester is told)." }) },
	{ example: { reason: "The export covers five years of progress for a whole district." } },
);

export const PrivacyDownload = s.object({
	url: s.string({ maxLength: 4096, description: "A signed link to the archive; it stops working at expiresAt." }),
	expiresAt: Timestamp,
});

export const OutsidePrivacyRequest = s.object(
	{
		robloxUserId: RobloxUserId,
		kind: s.enumOf(PRIVACY_REQUEST_KINDS),
		requesterEmail: s.string({ format: "email", maxLength: 254, description: "Where the school can answer." }),
	},
	{
		description: "A request about a student from someone outside the school (e.g. a parent). It is passed to the student's school, which decides.",
		example: { robloxUserId: 1234567, kind: "erasure", requesterEmail: "parent@family.example" },
	},
);
export const OutsidePrivacyRequestReceived = s.object({
	received: s.literal(true),
	message: s.string({ maxLength: 500 }),
});

export const ConsentAttestationCreate = s.object(
	{
		noticeVersion: s.string({ minLength: 1, maxLength: 40, description: "The version of the authorisation text the admin read (from GET /v1/privacy/consent)." }),
		agreed: s.literal(true, { description: "The admin confirms the statement on behalf of the school." }),
	},
	{ example: { noticeVersion: "2026-12-01", agreed: true } },
);

export const ConsentAttestation = s.object({
	id: Id,
	basis: s.enumOf(["coppa_school_authorization"] as const),
	attestedBy: s.string({ maxLength: 200 }),
	attesterRole: s.string({ maxLength: 64 }),
	noticeVersion: s.string({ maxLength: 40 }),
	textSha256: s.string({ maxLength: 64 }),
	attestedAt: Timestamp,
});

export const ConsentStatus = s.object({
	noticeVersion: s.string({ maxLength: 40, description: "The current version of the authorisation text." }),
	text: s.string({ maxLength: 5000 }),
	current: s.optional(ConsentAttestation),
	upToDate: s.boolean({ description: "True when the newest attestation is for the current text." }),
	history: s.array(ConsentAttestation, { maxItems: 100 }),
});

export const RestrictedStudent = s.object({
	userId: Id,
	displayName: s.string({ maxLength: 80 }),
	robloxUserId: s.optional(RobloxUserId),
	restrictedAt: Timestamp,
});
export const RestrictedStudentList = s.object({ items: s.array(RestrictedStudent, { maxItems: 10_000 }) });
export const RestrictionLifted = s.object({ userId: Id, lifted: s.boolean({ description: "False when the student's processing was not restricted." }) });

const NoticeEntry = s.object({
	data: s.string({ maxLength: 300 }),
	why: s.string({ maxLength: 500 }),
	kept: s.string({ maxLength: 500, description: "How long it is kept." }),
	where: s.string({ maxLength: 300 }),
});
export const PrivacyNotice = s.object(
	{
		version: s.string({ maxLength: 40 }),
		roles: s.string({ maxLength: 1000, description: "Who decides about which data (controller and processor)." }),
		inventory: s.array(NoticeEntry, { maxItems: 50 }),
		subProcessors: s.array(s.object({ name: s.string({ maxLength: 100 }), purpose: s.string({ maxLength: 300 }), data: s.string({ maxLength: 300 }) }), { maxItems: 20 }),
		rights: s.string({ maxLength: 1000 }),
	},
	{ description: "What the service stores about a school's people, why, for how long, where, and who processes it for us." },
);
export type PrivacyRequestPage = Infer<typeof PrivacyRequestPage>;
export type PrivacyDownload = Infer<typeof PrivacyDownload>;
export type OutsidePrivacyRequest = Infer<typeof OutsidePrivacyRequest>;
export type ConsentAttestation = Infer<typeof ConsentAttestation>;
export type ConsentStatus = Infer<typeof ConsentStatus>;
export type PrivacyNotice = Infer<typeof PrivacyNotice>;
export type RestrictedStudentList = Infer<typeof RestrictedStudentList>;
