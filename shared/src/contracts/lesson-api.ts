import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { LessonContent } from "./lessons";

/**
 * Request and response contracts of the lesson routes (/v1/lessons...). The content itself is LessonContent
 * (lessons.ts); these wrap it with ownership, status and immutable versions.
 */

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });
const Version = s.string({
	format: "semver",
	maxLength: 64,
	description: "Semantic version (MAJOR.MINOR.PATCH[-pre]: SemVer 2.0.0 without +build metadata, which would not order versions); each upload must be greater than the latest.",
});
const Title = s.string({ minLength: 1, maxLength: 120, singleLine: true });
const Subject = s.string({ minLength: 1, maxLength: 60, singleLine: true, description: "e.g. math, science, history." });
const GradeBand = s.string({ minLength: 1, maxLength: 20, singleLine: true, description: 'e.g. "K-2", "3-5", "6-8", "9-12".' });
const Objectives = s.array(s.string({ minLength: 1, maxLength: 300 }), { maxItems: 20, description: "What a student should be able to do afterwards." });

export const LESSON_STATUSES = ["draft", "published", "archived"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];
export const LessonStatusSchema = s.enumOf(LESSON_STATUSES, { description: "draft until a version is published; archived hides it from lists by default." });

export const LessonCreateRequest = s.object(
	{ title: Title, subject: Subject, gradeBand: GradeBand, objectives: Objectives },
	{
		description: "A new lesson (status draft, no versions yet) owned by the caller.",
		example: { title: "Fractions on a number line", subject: "math", gradeBand: "3-5", objectives: ["Place 1/2 and 3/4 on a number line"] },
	},
);
export type LessonCreateRequest = Infer<typeof LessonCreateRequest>;

export const LessonUpdateRequest = s.object(
	{
		title: s.optional(Title),
		subject: s.optional(Subject),
		gradeBand: s.optional(GradeBand),
		objectives: s.optional(Objectives),
		status: s.optional(s.enumOf(["draft", "archived"] as const, { description: "archived hides the lesson; draft restores it. Publish through a version." })),
	},
	{ description: "Changes only the fields given.", example: { title: "Fractions on the number line", objectives: ["Place 1/2 and 3/4 on a number line", "Compare fractions"] } },
);
export type LessonUpdateRequest = Infer<typeof LessonUpdateRequest>;

export const Lesson = s.object(
	{
		id: Id,
		title: Title,
		subject: Subject,
		gradeBand: GradeBand,
		objectives: Objectives,
		ownerUserId: Id,
		status: LessonStatusSchema,
		createdAt: Timestamp,
		updatedAt: Timestamp,
		latestVersion: s.optional(Version),
		publishedVersion: s.optional(Version),
	},
	{
		description: "A lesson's metadata; its content lives in versions.",
		example: {
			id: "00000000-0000-4000-8000-00000000000a",
			title: "Fractions on a number line",
			subject: "math",
			gradeBand: "3-5",
			objectives: ["Place 1/2 and 3/4 on a number line"],
			ownerUserId: "00000000-0000-4000-8000-000000000001",
			status: "published",
			createdAt: "2026-11-25T14:00:00.000Z",
			updatedAt: "2026-11-25T14:05:00.000Z",
			latestVersion: "1.1.0",
			publishedVersion: "1.0.0",
		},
	},
);
export type Lesson = Infer<typeof Lesson>;

export const LessonPage = s.object({
	items: s.array(Lesson, { maxItems: 100 }),
	nextCursor: s.optional(s.string({ maxLength: 512, description: "Pass as ?cursor= (with the same filters) for the next page." })),
});
export type LessonPage = Infer<typeof LessonPage>;

export const LessonVersionCreateRequest = s.object(
	{ version: Version, content: LessonContent },
	{
		description: "Uploads an immutable version. Content identical to an existing version (same canonical hash) answers 200 with that version instead of a copy.",
		// The content example is LessonContent's own, so the two cannot drift.
		example: { version: "1.0.0", content: LessonContent.example },
	},
);
export type LessonVersionCreateRequest = Infer<typeof LessonVersionCreateRequest>;

const versionFields = {
	lessonId: Id,
	version: Version,
	contentHash: s.string({ minLength: 64, maxLength: 64, description: "sha256 (hex) of the content as canonical JSON: keys sorted, no whitespace." }),
	authorUserId: Id,
	createdAt: Timestamp,
};

export const LessonVersionSummary = s.object(
	{
		...versionFields,
		publishedAt: s.optional(
			s.string({ format: "date-time", description: "When this version was first published; absent for a version never published. A class may be assigned any published version." }),
		),
	},
	{ description: "A version without its content." },
);
export type LessonVersionSummary = Infer<typeof LessonVersionSummary>;

export const LessonVersion = s.object({ ...versionFields, content: LessonContent }, { description: "An immutable version with its content." });
export type LessonVersion = Infer<typeof LessonVersion>;

export const LessonVersionList = s.object({ items: s.array(LessonVersionSummary, { maxItems: 1000 }) }, { description: "Newest (highest version) first." });
export type LessonVersionList = Infer<typeof LessonVersionList>;

export const LessonStepChange = s.object({
	id: s.string({ minLength: 1, maxLength: 64 }),
	fields: s.array(s.string({ minLength: 1, maxLength: 64 }), {
		minItems: 1,
		maxItems: 20,
		description: 'Top-level step fields that differ (e.g. "text", "question", "points"; "kind" when the step kind changed; "position" when it moved).',
	}),
});
export type LessonStepChange = Infer<typeof LessonStepChange>;

export const LessonDiff = s.object(
	{
		from: Version,
		to: Version,
		added: s.array(s.string({ minLength: 1, maxLength: 64 }), { maxItems: 200, description: "Step ids only in `to`." }),
		removed: s.array(s.string({ minLength: 1, maxLength: 64 }), { maxItems: 200, description: "Step ids only in `from`." }),
		changed: s.array(LessonStepChange, { maxItems: 200, description: "Step ids in both whose fields differ." }),
		titleChanged: s.boolean(),
	},
	{
		description: "Steps added, removed and changed (matched by step id) from one version to another.",
		example: { from: "1.0.0", to: "1.1.0", added: ["q2"], removed: [], changed: [{ id: "q1", fields: ["points"] }], titleChanged: false },
	},
);
export type LessonDiff = Infer<typeof LessonDiff>;

export const LessonPublishRequest = s.object(
	{
		moveClassIds: s.optional(
			s.array(Id, {
				maxItems: 200,
				description:
					"Classes that have another version of this lesson assigned and move to the published version (each move is audited). Absent or empty: no class changes; the dashboard and the plugin offer the caller's own classes, ticked.",
			}),
		),
	},
	{ description: "Publishes the version in the path, moving the classes named (see GET /v1/lessons/{lessonId}/classes).", example: {} },
);
export type LessonPublishRequest = Infer<typeof LessonPublishRequest>;

export const LessonPublished = s.object(
	{
		lesson: Lesson,
		version: LessonVersionSummary,
		movedClassIds: s.optional(s.array(Id, { maxItems: 200, description: "The classes moved to this version." })),
	},
	{ description: "The lesson, now published, and the version it publishes." },
);
export type LessonPublished = Infer<typeof LessonPublished>;

export const LessonClass = s.object({
	classId: Id,
	className: s.string({ minLength: 1, maxLength: 120 }),
	teacherUserId: Id,
	version: Version,
	mine: s.boolean({ description: "The caller teaches this class: publishing offers to move it, ticked." }),
});
export type LessonClass = Infer<typeof LessonClass>;

export const LessonClassList = s.object(
	{
		items: s.array(LessonClass, { maxItems: 1000 }),
		hiddenClasses: s.integer({ minimum: 0, description: "Classes of other teachers with this lesson assigned that the caller cannot change (a teacher sees only their own)." }),
	},
	{
		description: "The classes (not archived) that have a version of this lesson assigned, by class name.",
		example: {
			items: [
				{
					classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
					className: "Period 3 Fractions",
					teacherUserId: "00000000-0000-4000-8000-000000000001",
					version: "1.0.0",
					mine: true,
				},
			],
			hiddenClasses: 0,
		},
	},
);
export type LessonClassList = Infer<typeof LessonClassList>;
