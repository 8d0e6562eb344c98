import { SessionList, SessionsEnded, type SessionSummary } from "@toolboxai/shared";
import { call } from "./client";

/** The sessions endpoints: a person's own sessions, the school's Studio sessions (admins), and ending them. */
export const SESSION_LIST_PATHS = {
	mine: "/v1/sessions",
	schoolStudio: "/v1/sessions/studio",
	one: (id: string) => `/v1/sessions/${encodeURIComponent(id)}`,
	endAll: "/v1/sessions/end-all",
} as const;

export async function listMySessions(): Promise<SessionSummary[]> {
	return (await call(SessionList, "GET", SESSION_LIST_PATHS.mine, { auth: true })).items;
}

export async function listSchoolStudioSessions(): Promise<SessionSummary[]> {
	return (await call(SessionList, "GET", SESSION_LIST_PATHS.schoolStudio, { auth: true })).items;
}

export async function endSession(id: string): Promise<void> {
	await call(SessionsEnded, "DELETE", SESSION_LIST_PATHS.one(id), { auth: true });
}

export async function endAllMySessions(): Promise<number> {
	return (await call(SessionsEnded, "POST", SESSION_LIST_PATHS.endAll, { auth: true })).ended;
}
