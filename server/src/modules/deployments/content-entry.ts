/**
 * What a deployment pushes to live games: one data store entry ("ToolBoxAI"/"release") holding the release's asset
 * map (name → asset id, so the game finds each asset by the name it was given) and its lesson content, and one
 * message telling running servers to reload it. Both are rebuilt from the release and the asset map, so a rollback
 * pushes exactly what the earlier deployment pushed.
 */
import type { LessonContent } from "@toolboxai/shared";

export const CONTENT_DATA_STORE = "ToolBoxAI";
export const CONTENT_ENTRY_ID = "release";
export const RELEASE_TOPIC = "ToolBoxAI.release";
/** The data store entry limit (facts sheet: a value is at most 4,194,304 characters of JSON). */
export const CONTENT_MAX_BYTES = 4_194_304;

export interface LessonWithContent {
	readonly lessonId: string;
	readonly version: string;
	readonly content: LessonContent;
}

export interface ContentEntry {
	readonly releaseId: string;
	readonly releaseNumber: number;
	readonly assets: Record<string, string>;
	readonly lessons: ReadonlyArray<LessonWithContent>;
}

export function buildContentEntry(input: {
	releaseId: string;
	releaseNumber: number;
	assetIds: ReadonlyMap<string, string>;
	lessons: ReadonlyArray<LessonWithContent>;
}): ContentEntry {
	const assets: Record<string, string> = {};
	for (const name of [...input.assetIds.keys()].sort()) assets[name] = input.assetIds.get(name) as string;
	return { releaseId: input.releaseId, releaseNumber: input.releaseNumber, assets, lessons: input.lessons };
}

/** The bytes the entry's JSON takes (UTF-8), which is what the data store limit counts. */
export function contentBytes(entry: ContentEntry): number {
	return Buffer.byteLength(JSON.stringify(entry), "utf8");
}

export function releaseMessage(input: { releaseId: string; releaseNumber: number; placeVersion: number }): string {
	return JSON.stringify({ releaseId: input.releaseId, releaseNumber: input.releaseNumber, placeVersion: input.placeVersion });
}
