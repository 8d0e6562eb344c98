import type { LessonContent, LessonStepChange } from "@toolboxai/shared";
import { canonicalJson } from "./canonical-json";

export interface ContentDiff {
	readonly added: string[];
	readonly removed: string[];
	readonly changed: LessonStepChange[];
	readonly titleChanged: boolean;
}

/**
 * Steps matched by id. Added / removed in the order they appear; changed lists the top-level fields that
 * differ (compared as canonical JSON, so key order never counts), plus "position" when the step's place
 * among the steps both versions share moved (inserting a new step elsewhere does not move the others).
 */
export function diffContent(from: LessonContent, to: LessonContent): ContentDiff {
	const before = new Map(from.steps.map((step) => [step.id, step as Record<string, unknown>]));
	const after = new Map(to.steps.map((step) => [step.id, step as Record<string, unknown>]));
	const sharedBefore = from.steps.map((step) => step.id).filter((id) => after.has(id));
	const sharedAfter = to.steps.map((step) => step.id).filter((id) => before.has(id));
	const changed: LessonStepChange[] = [];
	sharedAfter.forEach((id, index) => {
		const a = before.get(id) as Record<string, unknown>;
		const b = after.get(id) as Record<string, unknown>;
		const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
			.filter((field) => field !== "id" && canonicalOrUndefined(a[field]) !== canonicalOrUndefined(b[field]))
			.sort();
		if (sharedBefore[index] !== id) fields.push("position");
		if (fields.length > 0) changed.push({ id, fields });
	});
	return {
		added: to.steps.map((step) => step.id).filter((id) => !before.has(id)),
		removed: from.steps.map((step) => step.id).filter((id) => !after.has(id)),
		changed,
		titleChanged: from.title !== to.title,
	};
}

function canonicalOrUndefined(value: unknown): string | undefined {
	return value === undefined ? undefined : canonicalJson(value);
}
