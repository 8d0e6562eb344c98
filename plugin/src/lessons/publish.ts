import { Lesson, LessonClassList, LessonPublished, LessonVersionList } from "@toolboxai/shared";
import type { LessonApi } from "./lesson-calls";

/**
 * Publishing a lesson version from Studio, as the dashboard does it: first a confirmation that lists the lesson's
 * versions (any can be chosen) and, per class that has another version of the lesson assigned, whether to move it
 * to this one (the teacher's own classes ticked); then POST .../publish with the classes ticked. Assignments pin a
 * version: a class not ticked keeps its own. Every outcome is a state the panel shows in plain words.
 */
export interface ClassChoice {
	readonly classId: string;
	readonly className: string;
	/** The version the class has now. */
	readonly version: string;
	readonly mine: boolean;
	readonly move: boolean;
}

export interface VersionChoice {
	readonly version: string;
	readonly state: "current" | "earlier" | "unpublished";
}

export type PublishState =
	| { readonly status: "idle"; readonly message: string }
	| {
			readonly status: "confirming";
			readonly message: string;
			readonly lessonId: string;
			readonly title: string;
			readonly version: string;
			readonly versions: Array<VersionChoice>;
			readonly classes: Array<ClassChoice>;
			/** Other teachers' classes with the lesson: they keep their version (only a school admin may move them). */
			readonly hiddenClasses: number;
	  }
	| { readonly status: "published"; readonly message: string; readonly lessonId: string; readonly version: string; readonly moved: Array<string> }
	/** The service said no for a reason the teacher can act on (not the owner, no permission): the message says what to do. */
	| { readonly status: "refused"; readonly message: string }
	| { readonly status: "failed"; readonly message: string };

type Failure = { kind: string; message: string; status?: number; code?: string };

const NO_PERMISSION = "Your ToolBoxAI account cannot publish lessons: only teachers and school admins can. Ask a school admin to give you the teacher role, then sign in again.";

function notOwner(title: string): string {
	return `Only the owner of "${title}" or a school admin can publish it. Ask them to publish it (from Studio or the dashboard), or remove the folder's LessonId attribute and upload it as a lesson of your own.`;
}

function failed(what: string, result: Failure): PublishState {
	if (result.kind === "unreachable") return { status: "failed", message: `${what} failed: ${result.message}` };
	if (result.kind === "service_error" && result.status === 401) return { status: "refused", message: "Your ToolBoxAI sign-in has ended. Sign in again, then publish." };
	const status = result.status !== undefined ? ` (HTTP ${result.status}${result.code !== undefined ? `, ${result.code}` : ""})` : "";
	return { status: "failed", message: `${what} failed: ${result.message}${status}` };
}

/** The confirmation's opening line: which version, and what happens to classes. */
function confirmMessage(title: string, version: string, classes: ReadonlyArray<ClassChoice>): string {
	const intro = `Publish v${version} of "${title}"?`;
	if (classes.size() === 0) return `${intro} No class of yours has another version of it assigned.`;
	return `${intro} Ticked classes move to v${version}; the others keep their version.`;
}

/**
 * Reads what the confirmation shows: the lesson, its versions and the classes on another version of it. `version`
 * defaults to the lesson's latest (the one just uploaded).
 */
export function openPublish(api: LessonApi, lessonId: string, version?: string): PublishState {
	if (api.session() === undefined) return { status: "refused", message: "Sign in to ToolBoxAI to publish lessons." };
	const lesson = api.call({ path: `/v1/lessons/${lessonId}`, method: "GET", schema: Lesson });
	if (!lesson.ok) {
		if (lesson.kind === "service_error" && lesson.status === 404) return { status: "failed", message: "This lesson is not on this server, or not in your school." };
		if (lesson.kind === "service_error" && lesson.status === 403) return { status: "refused", message: NO_PERMISSION };
		return failed("Reading the lesson", lesson);
	}
	const chosen = version ?? lesson.value.latestVersion;
	if (chosen === undefined) return { status: "failed", message: `"${lesson.value.title}" has no version yet: upload it first.` };
	const versions = api.call({ path: `/v1/lessons/${lessonId}/versions`, method: "GET", schema: LessonVersionList });
	if (!versions.ok) return failed("Listing the versions", versions);
	const classes = api.call({ path: `/v1/lessons/${lessonId}/classes`, method: "GET", schema: LessonClassList });
	if (!classes.ok) {
		if (classes.kind === "service_error" && classes.status === 403) return { status: "refused", message: NO_PERMISSION };
		return failed("Listing the classes", classes);
	}
	const published = lesson.value.publishedVersion;
	const choices = new Array<ClassChoice>();
	for (const klass of classes.value.items) {
		if (klass.version === chosen) continue;
		choices.push({ classId: klass.classId, className: klass.className, version: klass.version, mine: klass.mine, move: klass.mine });
	}
	return {
		status: "confirming",
		message: confirmMessage(lesson.value.title, chosen, choices),
		lessonId,
		title: lesson.value.title,
		version: chosen,
		versions: versions.value.items.map((v) => ({
			version: v.version,
			state: v.version === published ? "current" : v.publishedAt !== undefined ? "earlier" : "unpublished",
		})),
		classes: choices,
		hiddenClasses: classes.value.hiddenClasses,
	};
}

/** Ticks or unticks one class in the confirmation. */
export function toggleClass(state: PublishState, classId: string): PublishState {
	if (state.status !== "confirming") return state;
	return { ...state, classes: state.classes.map((klass) => (klass.classId === classId ? { ...klass, move: !klass.move } : klass)) };
}

/** One line per class for the confirmation: "[x] Period 1 (now v1.0.0)". */
export function classLine(klass: ClassChoice): string {
	return `${klass.move ? "[x]" : "[ ]"} ${klass.className} (now v${klass.version}${klass.mine ? "" : ", another teacher's class"})`;
}

/** One line per version: "v1.1.0 · not published" ("published now", "published before"). */
export function versionLine(choice: VersionChoice): string {
	const words = choice.state === "current" ? "published now" : choice.state === "earlier" ? "published before" : "not published";
	return `v${choice.version} · ${words}`;
}

/** Publishes the confirmed version, moving the ticked classes. */
export function confirmPublish(api: LessonApi, state: PublishState): PublishState {
	if (state.status !== "confirming") return state;
	const moving = state.classes.filter((klass) => klass.move);
	const result = api.call({
		path: `/v1/lessons/${state.lessonId}/versions/${state.version}/publish`,
		method: "POST",
		schema: LessonPublished,
		body: { moveClassIds: moving.map((klass) => klass.classId) },
	});
	if (!result.ok) {
		if (result.kind === "service_error" && result.status === 403) return { status: "refused", message: notOwner(state.title) };
		if (result.kind === "service_error" && result.status === 404) {
			return { status: "failed", message: "A class or the version is gone (or is not yours): open the confirmation again." };
		}
		return failed("Publishing", result);
	}
	const moved = moving.map((klass) => klass.className);
	const staying = state.classes.filter((klass) => !klass.move).map((klass) => `${klass.className} stays on v${klass.version}`);
	const movedWords = moved.size() === 0 ? "" : ` Moved to it: ${moved.join(", ")}.`;
	const stayingWords = staying.size() === 0 ? "" : ` ${staying.join("; ")}.`;
	return {
		status: "published",
		lessonId: state.lessonId,
		version: state.version,
		moved,
		message: `Published v${state.version} of "${state.title}".${movedWords}${stayingWords}`,
	};
}
