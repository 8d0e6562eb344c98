import type { Lesson } from "@toolboxai/shared";
import { downloadVersion } from "./download";
import type { Tags } from "./convention";
import type { History } from "./history";
import type { LessonApi } from "./lesson-calls";

export type OpenResult = { readonly ok: true; readonly version: string; readonly folder: Instance } | { readonly ok: false; readonly message: string };

/**
 * "Open" on a listed lesson: its latest version downloaded into a new folder under `parent` (named after the
 * lesson), as one undoable recording (downloadVersion puts the folder there inside the recording).
 */
export function openLesson(deps: { api: LessonApi; tags: Tags; history: History }, lesson: Lesson, parent: Instance): OpenResult {
	if (lesson.latestVersion === undefined) return { ok: false, message: `"${lesson.title}" has no uploaded version yet: upload it first.` };
	const folder = new Instance("Folder");
	const result = downloadVersion(deps, lesson.id, lesson.latestVersion, folder, parent);
	if (!result.ok) {
		folder.Destroy();
		return result;
	}
	return { ok: true, version: result.version, folder };
}
