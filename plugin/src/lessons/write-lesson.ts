import type { LessonContent, LessonStep, Question } from "@toolboxai/shared";
import { CHOICE_TAG, HINT_TAG, LESSON_TAG, ORDERING_ITEM_TAG, STEP_TAG, type Tags } from "./convention";

/**
 * LessonContent -> instances (the format is described in ./convention): a downloaded version becomes the same tree
 * a teacher would have built, so readLesson(writeLesson(x)) equals x. Existing steps of the folder are replaced;
 * everything else in it (other children, LessonId and other attributes) stays. Call it inside ./history's
 * `recorded` so the change can be undone.
 */

function child(tags: Tags, parent: Instance, tag: string, name: string, attributes: Record<string, unknown>): Instance {
	const instance = new Instance("Configuration");
	instance.Name = name;
	for (const [attribute, value] of pairs(attributes)) instance.SetAttribute(attribute as string, value as AttributeValue);
	tags.AddTag(instance, tag);
	instance.Parent = parent;
	return instance;
}

function writeQuestion(tags: Tags, step: Instance, question: Question): void {
	step.SetAttribute("QuestionType", question.type);
	switch (question.type) {
		case "single_choice":
		case "multiple_choice":
			question.choices.forEach((choice, j) => {
				child(tags, step, CHOICE_TAG, choice.id, { Id: choice.id, Text: choice.text, Correct: choice.correct, Order: j + 1 });
			});
			break;
		case "ordering":
			question.items.forEach((item, j) => {
				child(tags, step, ORDERING_ITEM_TAG, item.id, { Id: item.id, Text: item.text, Order: j + 1 });
			});
			break;
		case "numeric":
			step.SetAttribute("Answer", question.answer);
			step.SetAttribute("Tolerance", question.tolerance);
			if (question.unit !== undefined) step.SetAttribute("Unit", question.unit);
			break;
	}
}

function writeStep(tags: Tags, folder: Instance, step: LessonStep, order: number): void {
	const attributes: Record<string, unknown> = { Kind: step.kind, Id: step.id, Order: order };
	switch (step.kind) {
		case "instruction":
			attributes.Title = step.title;
			attributes.Text = step.text;
			break;
		case "checkpoint":
			attributes.Title = step.title;
			attributes.Text = step.text;
			attributes.Target = step.target;
			break;
		case "quiz":
			attributes.Prompt = step.prompt;
			attributes.Points = step.points;
			attributes.TimeLimitSeconds = step.timeLimitSeconds;
			break;
	}
	const instance = child(tags, folder, STEP_TAG, step.id, attributes);
	if (step.kind !== "quiz") return;
	// Parented before its children: the step exists in the tree while they are added (one undo step either way).
	writeQuestion(tags, instance, step.question);
	step.hints?.forEach((text, j) => {
		child(tags, instance, HINT_TAG, `Hint${j + 1}`, { Text: text, Order: j + 1 });
	});
}

/** Builds (or rebuilds) the lesson tree in `folder` from `content`. */
export function writeLesson(tags: Tags, folder: Instance, content: LessonContent): void {
	for (const existing of folder.GetChildren()) if (tags.HasTag(existing, STEP_TAG)) existing.Destroy();
	tags.AddTag(folder, LESSON_TAG);
	folder.SetAttribute("Title", content.title);
	folder.SetAttribute("SchemaVersion", content.schemaVersion);
	content.steps.forEach((step, i) => {
		writeStep(tags, folder, step, i + 1);
	});
}
