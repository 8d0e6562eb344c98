import type { LessonContent } from "@toolboxai/shared";
import { CHOICE_TAG, HINT_TAG, ORDERING_ITEM_TAG, STEP_TAG, type Tags } from "./convention";

/**
 * Instances -> LessonContent (the format is described in ./convention). Attribute values go in as they are, even
 * of the wrong type: the shared validator then reports them with a path, and `sources` says which instance each
 * path came from. Absent attributes are absent fields, so optional fields stay optional.
 */
export interface ReadLesson {
	/** The lesson as read; matches LessonContent only once the validator accepts it. */
	readonly content: LessonContent;
	/** JSON Pointer of an object in `content` -> the instance it was read from ("" is the lesson folder). */
	readonly sources: Map<string, Instance>;
}

type Fields = Record<string, unknown>;

/** The tagged children of `parent`, ordered by their Order attribute (absent or not a number: last), then by name. */
export function orderedChildren(tags: Tags, parent: Instance, tag: string): Array<Instance> {
	const found = parent.GetChildren().filter((child) => tags.HasTag(child, tag));
	const orderOf = (instance: Instance) => {
		const order = instance.GetAttribute("Order");
		return typeIs(order, "number") ? order : math.huge;
	};
	found.sort((a, b) => {
		const oa = orderOf(a);
		const ob = orderOf(b);
		if (oa !== ob) return oa < ob;
		return a.Name < b.Name;
	});
	return found;
}

/** Copies the attributes named in `names` (attribute -> field) that are present. */
function copy(instance: Instance, into: Fields, names: Record<string, string>): Fields {
	for (const [attribute, field] of pairs(names)) {
		const value = instance.GetAttribute(attribute);
		if (value !== undefined) into[field] = value;
	}
	return into;
}

function readQuestion(tags: Tags, step: Instance, path: string, sources: Map<string, Instance>): Fields {
	const questionType = step.GetAttribute("QuestionType");
	const question: Fields = {};
	if (questionType !== undefined) question.type = questionType;
	if (questionType === "single_choice" || questionType === "multiple_choice") {
		question.choices = orderedChildren(tags, step, CHOICE_TAG).map((choice, j) => {
			sources.set(`${path}/question/choices/${j}`, choice);
			return copy(choice, {}, { Id: "id", Text: "text", Correct: "correct" });
		});
	} else if (questionType === "ordering") {
		question.items = orderedChildren(tags, step, ORDERING_ITEM_TAG).map((item, j) => {
			sources.set(`${path}/question/items/${j}`, item);
			return copy(item, {}, { Id: "id", Text: "text" });
		});
	} else if (questionType === "numeric") {
		copy(step, question, { Answer: "answer", Tolerance: "tolerance", Unit: "unit" });
	}
	return question;
}

function readStep(tags: Tags, step: Instance, path: string, sources: Map<string, Instance>): Fields {
	sources.set(path, step);
	const kind = step.GetAttribute("Kind");
	const fields: Fields = {};
	if (kind !== undefined) fields.kind = kind;
	copy(step, fields, { Id: "id" });
	if (kind === "instruction") return copy(step, fields, { Title: "title", Text: "text" });
	if (kind === "checkpoint") return copy(step, fields, { Title: "title", Text: "text", Target: "target" });
	if (kind === "quiz") {
		copy(step, fields, { Prompt: "prompt", Points: "points", TimeLimitSeconds: "timeLimitSeconds" });
		sources.set(`${path}/question`, step);
		fields.question = readQuestion(tags, step, path, sources);
		const hints = orderedChildren(tags, step, HINT_TAG);
		if (hints.size() > 0) {
			fields.hints = hints.map((hint, j) => {
				sources.set(`${path}/hints/${j}`, hint);
				return hint.GetAttribute("Text");
			});
		}
	}
	return fields;
}

export function readLessonTree(tags: Tags, folder: Instance): ReadLesson {
	const sources = new Map<string, Instance>();
	sources.set("", folder);
	const content: Fields = {};
	copy(folder, content, { SchemaVersion: "schemaVersion", Title: "title" });
	content.steps = orderedChildren(tags, folder, STEP_TAG).map((step, i) => readStep(tags, step, `/steps/${i}`, sources));
	return { content: content as unknown as LessonContent, sources };
}

/** The lesson in `folder` as LessonContent (validate it with ./check-lesson before trusting it). */
export function readLesson(tags: Tags, folder: Instance): LessonContent {
	return readLessonTree(tags, folder).content;
}
