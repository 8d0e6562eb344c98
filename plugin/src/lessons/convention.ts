/**
 * How a lesson lives in a place: the authoring format teachers see in Studio (Explorer, Properties > Attributes,
 * and the Tag editor). The plugin reads this tree into `LessonContent` and writes it back from a downloaded version.
 *
 *   Folder "Fractions"                      tag ToolBoxAI.Lesson
 *     attributes: Title (string), SchemaVersion (number, 1),
 *                 LessonId (string, set by the first upload), LessonVersion (string, the last uploaded/downloaded)
 *     Configuration "intro"                 tag ToolBoxAI.Step   (any class works; the tag makes it a step)
 *       attributes: Kind        "instruction" | "checkpoint" | "quiz"
 *                   Id          unique within the lesson (progress names steps by it)
 *                   Order       number: steps play in Order, then by name
 *                   Title, Text                   instruction (Text required) and checkpoint (both optional)
 *                   Target                        checkpoint: the CollectionService tag of the part(s) to reach
 *                   Prompt, Points                quiz
 *                   TimeLimitSeconds              quiz, optional whole seconds
 *                   QuestionType  "single_choice" | "multiple_choice" | "numeric" | "ordering"
 *                   Answer, Tolerance, Unit       numeric (Unit optional)
 *       Configuration "a"                   tag ToolBoxAI.Choice        Id, Text, Correct (boolean), Order
 *       Configuration "first"               tag ToolBoxAI.OrderingItem  Id, Text, Order (= the correct position)
 *       Configuration "Hint1"               tag ToolBoxAI.Hint          Text, Order
 *
 * Other children and attributes are left alone, so teachers may keep notes or models inside a lesson folder.
 * One normalisation: an empty hint list reads back as no hints (both mean "no hints" to the game).
 */

export const LESSON_TAG = "ToolBoxAI.Lesson";
export const STEP_TAG = "ToolBoxAI.Step";
export const CHOICE_TAG = "ToolBoxAI.Choice";
export const ORDERING_ITEM_TAG = "ToolBoxAI.OrderingItem";
export const HINT_TAG = "ToolBoxAI.Hint";

/** Folder attributes the plugin keeps for the service's lesson id and the version last uploaded or downloaded. */
export const LESSON_ID_ATTRIBUTE = "LessonId";
export const LESSON_VERSION_ATTRIBUTE = "LessonVersion";

/** The part of CollectionService the lesson modules use (CollectionService itself fits; specs pass their own). */
export interface Tags {
	HasTag(instance: Instance, tag: string): boolean;
	AddTag(instance: Instance, tag: string): void;
	GetTagged(tag: string): Array<Instance>;
}

/** Contract field -> attribute name, for messages that name the attribute to fix. */
export const ATTRIBUTE_OF: Record<string, string> = {
	title: "Title",
	schemaVersion: "SchemaVersion",
	kind: "Kind",
	id: "Id",
	text: "Text",
	target: "Target",
	prompt: "Prompt",
	points: "Points",
	timeLimitSeconds: "TimeLimitSeconds",
	type: "QuestionType",
	answer: "Answer",
	tolerance: "Tolerance",
	unit: "Unit",
	correct: "Correct",
};
