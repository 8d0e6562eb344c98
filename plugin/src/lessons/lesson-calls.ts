import type { Schema } from "@toolboxai/shared";
import type { CallResult } from "../auth/auth-http";

/** How the lesson modules reach the service as the signed-in teacher: SignIn fits (Bearer token, refresh, one retry after a 401). */
export interface LessonApi {
	call<T>(request: { readonly path: string; readonly method: "GET" | "POST"; readonly body?: object; readonly schema?: Schema<T> }): CallResult<T>;
	session(): { readonly serverUrl: string } | undefined;
}

/** The version after `latest`: the next patch ("1.0.3" -> "1.0.4"; a prerelease "1.1.0-beta" -> "1.1.0"); "1.0.0" first. */
export function nextVersion(latest: string | undefined): string {
	if (latest === undefined) return "1.0.0";
	const [major, minor, patch, pre] = latest.match("^(%d+)%.(%d+)%.(%d+)(.*)$");
	// Both undefined exactly when the pattern did not match (patch is then digits).
	const patchNumber = tonumber(patch);
	if (major === undefined || patchNumber === undefined) return "1.0.0";
	if (pre !== undefined && pre !== "" && (pre as string).sub(1, 1) === "-") return `${major}.${minor}.${patch}`;
	return `${major}.${minor}.${patchNumber + 1}`;
}
