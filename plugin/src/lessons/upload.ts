import { Lesson, LessonVersionSummary } from "@toolboxai/shared";
import type { ConnectionState } from "../connection";
import { checkLesson, type LessonProblem, problemsAt } from "./check-lesson";
import { LESSON_ID_ATTRIBUTE, LESSON_VERSION_ATTRIBUTE, type Tags } from "./convention";
import { type History, recorded } from "./history";
import { type LessonApi, nextVersion } from "./lesson-calls";

/**
 * Uploads the lesson in a folder as a new version: checks it locally first (problems listed by instance), creates
 * the lesson on its first upload (POST /v1/lessons; the id is kept in the folder's LessonId attribute), then
 * POST /v1/lessons/:id/versions with the next patch version. Unchanged content comes back as the version it
 * already is (the service does not copy it). Every outcome is a state the panel can show in plain words.
 */
export type UploadState =
	| { readonly status: "offline"; readonly message: string }
	| { readonly status: "incompatible"; readonly message: string }
	| { readonly status: "signed_out"; readonly message: string }
	| { readonly status: "invalid"; readonly message: string; readonly problems: Array<LessonProblem> }
	| { readonly status: "uploading"; readonly message: string }
	| { readonly status: "uploaded"; readonly message: string; readonly lessonId: string; readonly version: string; readonly unchanged: boolean }
	| { readonly status: "failed"; readonly message: string; readonly problems: Array<LessonProblem> };

export interface UploadDeps {
	readonly api: LessonApi;
	readonly tags: Tags;
	readonly history: History;
	/** The plugin's connection state: the protocol check and reachability come from there. */
	readonly connection: ConnectionState;
	/** Called with "uploading" before the first request (the panel shows it while the requests are out). */
	readonly onState?: (state: UploadState) => void;
}

/** Before any request: is there a compatible server and a signed-in teacher? */
function readiness(deps: UploadDeps): UploadState | undefined {
	const c = deps.connection;
	if (c.status === "error" && c.reason === "protocol_mismatch") return { status: "incompatible", message: c.message };
	if (c.status === "error") return { status: "offline", message: c.message };
	if (c.status !== "connected") return { status: "offline", message: "Not connected to a ToolBoxAI server. Press Connect first." };
	const session = deps.api.session();
	if (session === undefined) return { status: "signed_out", message: "Sign in to ToolBoxAI to upload lessons." };
	// The tokens belong to one server: uploading them to another address would go to the wrong school.
	if (session.serverUrl !== c.serverUrl) {
		return { status: "signed_out", message: `You are signed in to ${session.serverUrl} but connected to ${c.serverUrl}. Sign in to ${c.serverUrl} to upload there.` };
	}
	return undefined;
}

/** A failed call as an upload state; validation issues (paths under /content or the body) become problems by instance. */
function failure(sources: Map<string, Instance>, what: string, result: { kind: string; message: string; status?: number; code?: string; details?: unknown }): UploadState {
	if (result.kind === "unreachable") return { status: "offline", message: `${what} failed: ${result.message}` };
	if (result.kind === "service_error" && result.status === 401) {
		return { status: "signed_out", message: "Your ToolBoxAI sign-in has ended. Sign in again, then upload." };
	}
	const issues = new Array<{ path: string; code: string; message: string }>();
	const listed = typeIs(result.details, "table") ? (result.details as { issues?: unknown }).issues : undefined;
	if (typeIs(listed, "table")) {
		for (const issue of listed as Array<{ path?: unknown; code?: unknown; message?: unknown }>) {
			if (!typeIs(issue.path, "string") || !typeIs(issue.message, "string")) continue;
			// Content issues are reported under /content (the request body); lesson fields (/title...) belong to the folder.
			const [inner] = issue.path.match("^/content(.*)$");
			issues.push({ path: typeIs(inner, "string") ? inner : "", code: tostring(issue.code), message: issue.message });
		}
	}
	const problems = problemsAt(sources, issues);
	const list = problems.map((p) => `\n  ${p.text}`).join("");
	const code = result.code !== undefined ? `, ${result.code}` : "";
	return { status: "failed", message: `${what} failed: ${result.message}${result.status !== undefined ? ` (HTTP ${result.status}${code})` : ""}${list}`, problems };
}

function setAttributes(history: History, folder: Instance, name: string, attributes: Record<string, string>): void {
	recorded(history, name, name, () => {
		for (const [key, value] of pairs(attributes)) folder.SetAttribute(key as string, value);
	});
}

export function uploadLesson(deps: UploadDeps, folder: Instance): UploadState {
	const notReady = readiness(deps);
	if (notReady !== undefined) return notReady;

	const checked = checkLesson(deps.tags, folder);
	if (!checked.ok) {
		return { status: "invalid", message: `Fix ${checked.problems.size()} problem(s) before uploading.`, problems: checked.problems };
	}
	deps.onState?.({ status: "uploading", message: `Uploading "${checked.content.title}"...` });

	let lessonId = folder.GetAttribute(LESSON_ID_ATTRIBUTE);
	let latest: string | undefined;
	if (!typeIs(lessonId, "string") || lessonId === "") {
		const subject = folder.GetAttribute("Subject");
		const gradeBand = folder.GetAttribute("GradeBand");
		const objectives = folder.GetAttribute("Objectives");
		const created = deps.api.call({
			path: "/v1/lessons",
			method: "POST",
			schema: Lesson,
			body: {
				title: checked.content.title,
				subject: typeIs(subject, "string") && subject !== "" ? subject : "general",
				gradeBand: typeIs(gradeBand, "string") && gradeBand !== "" ? gradeBand : "K-12",
				// One objective per line of the Objectives attribute.
				objectives: typeIs(objectives, "string") ? objectives.split("\n").filter((line) => line !== "") : [],
			},
		});
		if (!created.ok) return failure(checked.sources, "Creating the lesson", created);
		lessonId = created.value.id;
		setAttributes(deps.history, folder, "ToolBoxAI: link lesson", { [LESSON_ID_ATTRIBUTE]: created.value.id });
	} else {
		const lesson = deps.api.call({ path: `/v1/lessons/${lessonId}`, method: "GET", schema: Lesson });
		if (!lesson.ok && lesson.kind === "service_error" && lesson.status === 404) {
			return {
				status: "failed",
				message: `This folder's LessonId (${lessonId}) is not a lesson of yours on this server. Remove the LessonId attribute to upload it as a new lesson.`,
				problems: problemsAt(checked.sources, [{ path: "", code: "not_found", message: "LessonId names no lesson you can reach" }]),
			};
		}
		if (!lesson.ok) return failure(checked.sources, "Reading the lesson", lesson);
		latest = lesson.value.latestVersion;
	}

	const version = nextVersion(latest);
	const uploaded = deps.api.call({
		path: `/v1/lessons/${lessonId}/versions`,
		method: "POST",
		schema: LessonVersionSummary,
		body: { version, content: checked.content },
	});
	if (!uploaded.ok) return failure(checked.sources, "Uploading", uploaded);
	const got = uploaded.value.version;
	setAttributes(deps.history, folder, "ToolBoxAI: uploaded version", { [LESSON_VERSION_ATTRIBUTE]: got });
	const unchanged = got !== version;
	return {
		status: "uploaded",
		lessonId: lessonId as string,
		version: got,
		unchanged,
		message: unchanged ? `Nothing changed since v${got}: the service kept v${got}.` : `Uploaded v${got}.`,
	};
}
