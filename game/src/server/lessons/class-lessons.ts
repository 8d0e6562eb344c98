import type { ActiveLesson, LessonContent } from "@toolboxai/shared";

/**
 * Which lessons a student plays: those assigned to their class, in the teacher's assignment order. Plain logic over
 * the content the server loaded (the service's active lessons, or the deployed release's entry when the service
 * is down); both say per lesson version which classes it is assigned to.
 */
export interface ClassLesson {
	readonly lessonId: string;
	readonly version: string;
	readonly content: LessonContent;
	/** Its place in the class's assignment order (1 first). */
	readonly position: number;
}

/** `lessonId@version`: one session per version, so students on different versions never share one. */
export function lessonKey(lesson: { readonly lessonId: string; readonly version: string }): string {
	return `${lesson.lessonId}@${lesson.version}`;
}

/**
 * The lessons of `classId`, by position. Content that names no classes at all (an older service or release entry)
 * cannot say whose a lesson is: every class plays all of it, in its order.
 */
export function classLessons(items: ReadonlyArray<ActiveLesson>, classId: string): Array<ClassLesson> {
	const carriesClasses = items.some((item) => item.classes !== undefined);
	const found = new Array<ClassLesson>();
	items.forEach((item, index) => {
		if (!carriesClasses) {
			found.push({ lessonId: item.lessonId, version: item.version, content: item.content, position: index + 1 });
			return;
		}
		const lower = classId.lower();
		const assigned = item.classes?.find((entry) => entry.classId.lower() === lower);
		if (assigned !== undefined) found.push({ lessonId: item.lessonId, version: item.version, content: item.content, position: assigned.position });
	});
	found.sort((a, b) => (a.position !== b.position ? a.position < b.position : a.lessonId < b.lessonId));
	return found;
}
