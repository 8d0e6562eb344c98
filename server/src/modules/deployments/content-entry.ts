/**
 * What a deployment pushes to live games: one data store entry ("ToolBoxAI"/"release") holding the release's asset
 * map (name → asset id, so the game finds each asset by the name it was given) and its lesson content, and one
 * message telling running servers to reload it. Both are rebuilt from the release and the asset map, so a rollback
 * pushes exactly what the earlier deployment pushed.
 */
import {
	RELEASE_DATA_STORE,
	RELEASE_ENTRY_KEY,
	RELEASE_TOPIC as SHARED_RELEASE_TOPIC,
	type AssignedClass,
	type LessonContent,
	type ReleaseAnnouncement,
	type ReleaseContentEntry,
} from "@toolboxai/shared";

// The game reads the same names (shared contracts ReleaseContentEntry / ReleaseAnnouncement).
export const CONTENT_DATA_STORE = RELEASE_DATA_STORE;
export const CONTENT_ENTRY_ID = RELEASE_ENTRY_KEY;
export const RELEASE_TOPIC = SHARED_RELEASE_TOPIC;
/** The data store entry limit (facts sheet: a value is at most 4,194,304 characters of JSON). */
export const CONTENT_MAX_BYTES = 4_194_304;

export interface LessonWithContent {
	readonly lessonId: string;
	readonly version: string;
	readonly content: LessonContent;
	/** The classes assigned the lesson when the entry is written. */
	readonly classes?: AssignedClass[];
}

export type ContentEntry = ReleaseContentEntry;

export function buildContentEntry(input: {
	releaseId: string;
	releaseNumber: number;
	assetIds: ReadonlyMap<string, string>;
	lessons: ReadonlyArray<LessonWithContent>;
}): ContentEntry {
	const assets: Record<string, string> = {};
	for (const name of [...input.assetIds.keys()].sort()) assets[name] = input.assetIds.get(name) as string;
	return { releaseId: input.releaseId, releaseNumber: input.releaseNumber, assets, lessons: [...input.lessons] };
}

/** The bytes the entry's JSON takes (UTF-8), which is what the data store limit counts. */
export function contentBytes(entry: ContentEntry): number {
	return Buffer.byteLength(JSON.stringify(entry), "utf8");
}

export function releaseMessage(input: ReleaseAnnouncement): string {
	const announcement: ReleaseAnnouncement = { releaseId: input.releaseId, releaseNumber: input.releaseNumber, placeVersion: input.placeVersion };
	return JSON.stringify(announcement);
}
