import {
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
} from "@toolboxai/shared";
import type { OutsidePrivacyRequest as OutsideRequestBody } from "@toolboxai/shared";
import type { AppDependencies, AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { createLimiter, type Limiter, type RateLimit } from "../../http/rate-limit";
import { originOf, pathId, userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { attestConsent, getConsentStatus } from "./consent/consent-status";
import { privacyNotice } from "./notice/privacy-notice";
import { runRequestJob } from "./pipeline/run-request-job";
import { createPrivacyRequest } from "./requests/create-request";
import { downloadPrivacyArchive } from "./requests/download-archive";
import { extendPrivacyRequest } from "./requests/extend-request";
import { getPrivacyRequest, listPrivacyRequests, REQUESTS_PAGE_DEFAULT, REQUESTS_PAGE_MAX } from "./requests/list-requests";
import { receiveOutsideRequest } from "./requests/receive-outside-request";
import { retryPrivacyRequest } from "./requests/retry-request";
import { liftRestriction, listRestrictedStudents } from "./restriction/restrictions";

const MANAGE = { kind: "user", permission: "privacy:manage" } as const;
/** Staff may ask about their own account and follow that request; the operations check the rest. */
const STAFF = { kind: "user", permission: "tenant:read" } as const;
const PAGE = { defaultLimit: REQUESTS_PAGE_DEFAULT, maxLimit: REQUESTS_PAGE_MAX };

/** Requests from outside a school, per IP address and hour: a form a person fills in, not something to script. */
export const OUTSIDE_REQUEST_LIMIT: RateLimit = { name: "privacy_outside_ip", points: 10, durationSeconds: 3600, what: "data requests from this address" };

const limiters = new WeakMap<object, Limiter>();
function outsideLimiter(deps: AppDependencies): Limiter {
	const existing = limiters.get(deps.infra);
	if (existing !== undefined) return existing;
	const limiter = createLimiter(deps, OUTSIDE_REQUEST_LIMIT);
	limiters.set(deps.infra, limiter);
	return limiter;
}

function requestRoutes(deps: AppDependencies) {
	return [
		defineRoute({
			method: "post",
			path: "/v1/privacy/requests",
			operationId: "createPrivacyRequest",
			summary: "Record a data request (export, correction, erasure, restriction) about a student, a staff member or the whole school",
			description:
				"School admins record any request about the school's data; a staff member may record one about their own account. Due in 30 days. An export or a restriction starts at once; the others wait for the school.",
			tags: ["privacy"],
			access: STAFF,
			request: { body: PrivacyRequestCreate, example: { kind: "access", subject: { kind: "school" }, identityCheck: { method: "signed_in_account" } } },
			response: { status: 201, body: PrivacyRequest, description: "The request as recorded, with its steps." },
			errors: ["bad_request", "forbidden", "not_found"],
			handle: ({ req, body }) => createPrivacyRequest(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/privacy/requests",
			operationId: "listPrivacyRequests",
			summary: "The school's data requests, newest first (a staff member sees their own)",
			tags: ["privacy"],
			access: STAFF,
			query: pageQueryParameters(PAGE),
			response: { status: 200, body: PrivacyRequestPage, description: "One page of requests." },
			errors: ["bad_request"],
			handle: ({ req }) => listPrivacyRequests(deps, userCallerOf(req), pageQuery(req, PAGE)),
		}),
		defineRoute({
			method: "get",
			path: "/v1/privacy/requests/:requestId",
			operationId: "getPrivacyRequest",
			summary: "One data request with each step's outcome and, once done, its proof report",
			tags: ["privacy"],
			access: STAFF,
			response: { status: 200, body: PrivacyRequest, description: "The request." },
			errors: ["not_found"],
			handle: ({ req, params }) => getPrivacyRequest(deps, userCallerOf(req), { requestId: pathId(params.requestId, "data request") }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/privacy/requests/:requestId/extend",
			operationId: "extendPrivacyRequest",
			summary: "Give an open request two more months (once), telling the requester why",
			tags: ["privacy"],
			access: MANAGE,
			request: { body: PrivacyRequestExtend, example: { reason: "The export covers five years of progress for a whole district." } },
			response: { status: 200, body: PrivacyRequest, description: "The request with its new date." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params, body }) => extendPrivacyRequest(deps, userCallerOf(req), { requestId: pathId(params.requestId, "data request"), reason: body.reason }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/privacy/requests/:requestId/retry",
			operationId: "retryPrivacyRequest",
			summary: "Run a request's remaining steps again after a step failed",
			tags: ["privacy"],
			access: MANAGE,
			response: { status: 202, body: PrivacyRequest, description: "Queued; the steps already done are not repeated." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => retryPrivacyRequest(deps, userCallerOf(req), { requestId: pathId(params.requestId, "data request") }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/privacy/requests/:requestId/download",
			operationId: "downloadPrivacyArchive",
			summary: "A signed link (valid 10 minutes) to an export's archive",
			tags: ["privacy"],
			access: STAFF,
			response: { status: 200, body: PrivacyDownload, description: "The link and when it stops working." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => downloadPrivacyArchive(deps, userCallerOf(req), { requestId: pathId(params.requestId, "data request") }),
		}),
		defineRoute<OutsideRequestBody>({
			method: "post",
			path: "/v1/privacy/outside-requests",
			operationId: "receiveOutsidePrivacyRequest",
			summary: "A parent's or student's request about a student's data: passed to the student's school, never acted on",
			description: "Answers the same whether or not a school has this student. Limited to 10 an hour per address.",
			tags: ["privacy"],
			access: { kind: "public" },
			request: { body: OutsidePrivacyRequest, example: { robloxUserId: 1234567, kind: "erasure", requesterEmail: "parent@family.example" } },
			response: { status: 202, body: OutsidePrivacyRequestReceived, description: "Taken." },
			errors: ["rate_limited"],
			handle: ({ req, body }) => receiveOutsideRequest(deps, outsideLimiter(deps), { ...body, origin: originOf(req) }),
		}),
	];
}

function consentRoutes(deps: AppDependencies) {
	return [
		defineRoute({
			method: "get",
			path: "/v1/privacy/consent",
			operationId: "getConsentStatus",
			summary: "The school's authorisation in place of parental consent (COPPA): the text, the newest attestation and its history",
			tags: ["privacy"],
			access: MANAGE,
			response: { status: 200, body: ConsentStatus, description: "The authorisation status." },
			errors: [],
			handle: ({ req }) => getConsentStatus(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "post",
			path: "/v1/privacy/consent",
			operationId: "attestConsent",
			summary: "Give the school's authorisation for the current text (recorded with who, when and the text's version)",
			tags: ["privacy"],
			access: MANAGE,
			request: { body: ConsentAttestationCreate, example: { noticeVersion: "2026-12-01", agreed: true } },
			response: { status: 201, body: ConsentStatus, description: "The status with the new attestation." },
			errors: ["conflict"],
			handle: ({ req, body }) => attestConsent(deps, userCallerOf(req), { noticeVersion: body.noticeVersion }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/privacy/restrictions",
			operationId: "listRestrictedStudents",
			summary: "Students whose progress is not recorded (processing restricted)",
			tags: ["privacy"],
			access: MANAGE,
			response: { status: 200, body: RestrictedStudentList, description: "The restricted students." },
			errors: [],
			handle: ({ req }) => listRestrictedStudents(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/privacy/restrictions/:userId",
			operationId: "liftRestriction",
			summary: "Record a student's progress again",
			tags: ["privacy"],
			access: MANAGE,
			response: { status: 200, body: RestrictionLifted, description: "lifted is false when the student was not restricted." },
			errors: ["not_found"],
			handle: ({ req, params }) => liftRestriction(deps, userCallerOf(req), { userId: pathId(params.userId, "student") }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/privacy/notice",
			operationId: "getPrivacyNotice",
			summary: "What the service stores about the school's people, why, how long, where, and its sub-processors",
			tags: ["privacy"],
			access: { kind: "user" },
			response: { status: 200, body: PrivacyNotice, description: "The data inventory." },
			errors: [],
			handle: () => privacyNotice(deps.config),
		}),
	];
}

export const privacyModule: AppModule = {
	name: "privacy",
	routes: (deps) => [...requestRoutes(deps), ...consentRoutes(deps)],
	jobs: (deps) => [runRequestJob(deps)],
};
