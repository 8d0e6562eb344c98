import { ConsentStatus, MemberList, PrivacyDownload, PrivacyRequest, PrivacyRequestPage, RestrictedStudentList, type Infer, type PrivacyRequestCreate } from "@toolboxai/shared";
import { call } from "./client";

export type PrivacyRequestView = Infer<typeof PrivacyRequest>;
export type ConsentStatusView = Infer<typeof ConsentStatus>;
export type MemberView = Infer<typeof MemberList>["items"][number];

export function fetchPrivacyRequests(): Promise<Infer<typeof PrivacyRequestPage>> {
	return call(PrivacyRequestPage, "GET", "/v1/privacy/requests", { auth: true });
}

export function createPrivacyRequest(body: PrivacyRequestCreate): Promise<PrivacyRequestView> {
	return call(PrivacyRequest, "POST", "/v1/privacy/requests", { auth: true, body });
}

export function downloadLink(requestId: string): Promise<Infer<typeof PrivacyDownload>> {
	return call(PrivacyDownload, "POST", `/v1/privacy/requests/${encodeURIComponent(requestId)}/download`, { auth: true });
}

export function fetchConsent(): Promise<ConsentStatusView> {
	return call(ConsentStatus, "GET", "/v1/privacy/consent", { auth: true });
}

export function attestConsent(noticeVersion: string): Promise<ConsentStatusView> {
	return call(ConsentStatus, "POST", "/v1/privacy/consent", { auth: true, body: { noticeVersion, agreed: true } });
}

export function fetchRestrictedStudents(): Promise<Infer<typeof RestrictedStudentList>> {
	return call(RestrictedStudentList, "GET", "/v1/privacy/restrictions", { auth: true });
}

export function fetchMembers(): Promise<Infer<typeof MemberList>> {
	return call(MemberList, "GET", "/v1/members", { auth: true });
}
