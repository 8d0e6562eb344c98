import { LessonVersion } from "@toolboxai/shared";
import { LESSON_ID_ATTRIBUTE, LESSON_VERSION_ATTRIBUTE, type Tags } from "./convention";
import { type History, recorded } from "./history";
import type { LessonApi } from "./lesson-calls";
import { writeLesson } from "./write-lesson";

export type DownloadResult = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly message: string };

/**
 * GET /v1/lessons/:id/versions/:version and build it into `folder` (its steps replaced) as one undoable change;
 * the folder remembers the lesson id and version so the next upload continues that lesson. With `parent`, the
 * folder is put there (named after the lesson) inside the same recording, so one undo removes it again.
 */
export function downloadVersion(deps: { api: LessonApi; tags: Tags; history: History }, lessonId: string, version: string, folder: Instance, parent?: Instance): DownloadResult {
	const got = deps.api.call({ path: `/v1/lessons/${lessonId}/versions/${version}`, method: "GET", schema: LessonVersion });
	if (!got.ok) return { ok: false, message: `Downloading v${version} failed: ${got.message}` };
	const written = recorded(deps.history, "ToolBoxAI: download lesson", `Download lesson v${version}`, () => {
		writeLesson(deps.tags, folder, got.value.content);
		folder.SetAttribute(LESSON_ID_ATTRIBUTE, lessonId);
		folder.SetAttribute(LESSON_VERSION_ATTRIBUTE, got.value.version);
		if (parent !== undefined) {
			folder.Name = got.value.content.title;
			folder.Parent = parent;
		}
	});
	if (!written.ok) return written;
	return { ok: true, version: got.value.version };
}
