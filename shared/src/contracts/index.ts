import { BillingInvoice, ClassJoinStatus, BillingInvoiceList, BillingOverview, BillingRedirect, BillingSettingsUpdate, StripeWebhookEvent, StripeWebhookReceived } from "./billing";
import { Assignment, AssignmentList, Class, ClassPage, JoinCode, Roster, RosterEntry, RosterStudentRemoved } from "./classes";
import {
	Deployment,
	DeploymentDetail,
	DeploymentPage,
	DeploymentPlan,
	Environment,
	EnvironmentDeleted,
	EnvironmentList,
	Release,
	ReleaseAnnouncement,
	ReleaseContentEntry,
	ReleasePage,
	StoredFile,
} from "./deployments";
import { ErrorResponse } from "./errors";
import { ValidationErrorDetails, ValidationIssue } from "./http";
import { Health, Meta, Readiness } from "./meta";
import { LessonContent, LessonStep, Question } from "./lessons";
import { Lesson, LessonClass, LessonClassList, LessonDiff, LessonPage, LessonPublished, LessonVersion, LessonVersionList, LessonVersionSummary } from "./lesson-api";
import {
	ApiKeyCreated,
	ApiKeyIdentity,
	ApiKeySummary,
	AuditEvent,
	AuditPage,
	DeviceAuthorizationSummary,
	DeviceCodeResponse,
	DeviceDecision,
	Invitation,
	Me,
	SchoolSettings,
	SchoolSettingsUpdate,
	SignupAccepted,
	SignupCompleteRequest,
	SignupRequest,
	SignupResponse,
	TenantSummary,
	TokenResponse,
	UserSummary,
} from "./identity";
import {
	BillingStateChangedEvent,
	ChannelAuthorization,
	ChannelAuthRequest,
	ClassProgressChangedEvent,
	DeploymentUpdatedEvent,
	LessonPublishedEvent,
	RealtimeConfig,
	StreamResyncEvent,
	StreamTicket,
} from "./realtime";
import { Overview } from "./overview";
import {
	ClassLessonSummaryPage,
	ClassProgressPage,
	ClassStudentProgress,
	LessonProgressPage,
	ProgressBatch,
	ProgressBatchResult,
	ProgressEvent,
	StudentAnswerPage,
	StudentProgress,
} from "./progress";
import {
	ConsentAttestation,
	ConsentAttestationCreate,
	ConsentStatus,
	OutsidePrivacyRequest,
	OutsidePrivacyRequestReceived,
	PrivacyDownload,
	PrivacyNotice,
	PrivacyRequest,
	PrivacyRequestCreate,
	PrivacyRequestExtend,
	PrivacyRequestPage,
	RestrictedStudentList,
	RestrictionLifted,
} from "./privacy";
import { ActiveLessons, ClassJoined, ClassJoinRequest } from "./runtime";
import { BrowserSession, SessionList, SessionsEnded, SessionSummary } from "./sessions";

export * from "./billing";
export * from "./classes";
export * from "./deployments";
export * from "./errors";
export * from "./error-examples";
export * from "./http";
export * from "./lessons";
export * from "./lesson-api";
export * from "./identity";
export * from "./mail";
export * from "./meta";
export * from "./overview";
export * from "./privacy";
export * from "./progress";
export * from "./realtime";
export * from "./runtime";
export * from "./sessions";

/** Every named contract: the OpenAPI components and the contract vectors look them up here. */
export const CONTRACTS = {
	BillingInvoice,
	BillingInvoiceList,
	BillingOverview,
	BillingRedirect,
	BillingSettingsUpdate,
	ClassJoinStatus,
	StripeWebhookEvent,
	StripeWebhookReceived,
	Deployment,
	DeploymentDetail,
	DeploymentPage,
	DeploymentPlan,
	Environment,
	EnvironmentDeleted,
	EnvironmentList,
	Release,
	ReleaseAnnouncement,
	ReleaseContentEntry,
	ReleasePage,
	StoredFile,
	Assignment,
	AssignmentList,
	Class,
	ClassPage,
	JoinCode,
	Roster,
	RosterEntry,
	RosterStudentRemoved,
	ApiKeyCreated,
	ApiKeyIdentity,
	ApiKeySummary,
	AuditEvent,
	AuditPage,
	DeviceAuthorizationSummary,
	DeviceCodeResponse,
	DeviceDecision,
	ErrorResponse,
	Health,
	Lesson,
	LessonContent,
	LessonDiff,
	LessonPage,
	LessonPublished,
	LessonStep,
	LessonVersion,
	LessonVersionList,
	LessonVersionSummary,
	LessonClass,
	LessonClassList,
	Invitation,
	Me,
	SchoolSettings,
	SchoolSettingsUpdate,
	SignupAccepted,
	SignupCompleteRequest,
	SignupRequest,
	SignupResponse,
	TenantSummary,
	TokenResponse,
	UserSummary,
	Meta,
	ClassLessonSummaryPage,
	ClassStudentProgress,
	StudentAnswerPage,
	Overview,
	ProgressBatch,
	ProgressBatchResult,
	ProgressEvent,
	ActiveLessons,
	ClassJoined,
	ClassJoinRequest,
	ClassProgressPage,
	LessonProgressPage,
	StudentProgress,
	BrowserSession,
	SessionList,
	SessionsEnded,
	SessionSummary,
	Question,
	Readiness,
	ValidationErrorDetails,
	ValidationIssue,
	BillingStateChangedEvent,
	ChannelAuthorization,
	ChannelAuthRequest,
	ClassProgressChangedEvent,
	DeploymentUpdatedEvent,
	LessonPublishedEvent,
	RealtimeConfig,
	StreamResyncEvent,
	StreamTicket,
	ConsentAttestation,
	ConsentAttestationCreate,
	ConsentStatus,
	OutsidePrivacyRequest,
	OutsidePrivacyRequestReceived,
	PrivacyDownload,
	PrivacyNotice,
	PrivacyRequest,
	PrivacyRequestCreate,
	PrivacyRequestExtend,
	PrivacyRequestPage,
	RestrictedStudentList,
	RestrictionLifted,
};
export type ContractName = keyof typeof CONTRACTS;
