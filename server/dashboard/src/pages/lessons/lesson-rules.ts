import type { Lesson, LessonClass, LessonDiff, LessonVersionSummary, Me } from "@toolboxai/shared";

/** The lesson's owner or a school admin may change it (the service checks again). */
export function canChangeLesson(lesson: Lesson, me: Me): boolean {
	return lesson.ownerUserId === me.user.id || me.roles.includes("tenant_admin") || me.roles.includes("platform_admin");
}

/** "You" or "A colleague": the owner's id is no words for a person. */
export function ownerWords(lesson: Lesson, me: Me): string {
	return lesson.ownerUserId === me.user.id ? "You" : "A colleague";
}

export const STATUS_WORDS: Record<Lesson["status"], string> = { draft: "Draft", published: "Published", archived: "Archived" };

/** Where a version stands: the published one, one published before (a class may go back to it), or only uploaded. */
export function versionState(version: LessonVersionSummary, lesson: Lesson): "current" | "earlier" | "unpublished" {
	if (version.version === lesson.publishedVersion) return "current";
	return version.publishedAt === undefined ? "unpublished" : "earlier";
}

export const VERSION_STATE_WORDS = { current: "Published now", earlier: "Published before", unpublished: "Not published" } as const;

/** The versions a class may be given: the published one and any published before, newest first as listed. */
export function assignableVersions(versions: ReadonlyArray<LessonVersionSummary>, lesson: Lesson): LessonVersionSummary[] {
	return versions.filter((version) => versionState(version, lesson) !== "unpublished");
}

/** The classes publishing `version` offers to move: those on another version of the lesson. */
export function moveCandidates(classes: ReadonlyArray<LessonClass>, version: string): LessonClass[] {
	return classes.filter((klass) => klass.version !== version);
}

/** Ticked at first: the caller's own classes among the candidates. */
export function defaultMoves(candidates: ReadonlyArray<LessonClass>): Set<string> {
	return new Set(candidates.filter((klass) => klass.mine).map((klass) => klass.classId));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What changed between two versions, one sentence per kind of change, for a teacher. */
export function diffSentences(diff: LessonDiff): string[] {
	const sentences: string[] = [];
	if (diff.titleChanged) sentences.push("The lesson's title changed.");
	if (diff.added.length > 0) sentences.push(`${plural(diff.added.length, "step", "steps")} added: ${diff.added.join(", ")}.`);
	if (diff.removed.length > 0) sentences.push(`${plural(diff.removed.length, "step", "steps")} removed: ${diff.removed.join(", ")}.`);
	for (const change of diff.changed) sentences.push(`Step ${change.id} changed: ${change.fields.map(fieldWords).join(", ")}.`);
	if (sentences.length === 0) sentences.push("The two versions have the same steps.");
	return sentences;
}

const FIELD_WORDS: Record<string, string> = {
	position: "its place in the lesson",
	kind: "its kind",
	text: "its text",
	title: "its title",
	prompt: "its question",
	question: "its answers",
	points: "its points",
	hints: "its hints",
	target: "its checkpoint target",
	timeLimitSeconds: "its time limit",
};

function fieldWords(field: string): string {
	return FIELD_WORDS[field] ?? field;
}
