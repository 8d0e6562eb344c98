import type { OverviewClass, OverviewDeployment } from "@toolboxai/shared";

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "24 students · 2 lessons · 31 of 48 done (65%)": a class at a glance. */
export function classLine(klass: OverviewClass): string {
	const possible = klass.students * klass.lessonsAssigned;
	const parts = [plural(klass.students, "student"), plural(klass.lessonsAssigned, "lesson")];
	if (possible > 0) parts.push(`${klass.completions} of ${possible} completed (${Math.round((klass.completions / possible) * 100)}%)`);
	return parts.join(" · ");
}

/** The share of student × lesson pairs completed, 0-100; undefined when there is nothing to complete. */
export function completionPercent(klass: OverviewClass): number | undefined {
	const possible = klass.students * klass.lessonsAssigned;
	return possible === 0 ? undefined : Math.round((klass.completions / possible) * 100);
}

const ACTION_WORDS: Record<NonNullable<OverviewDeployment["last"]>["kind"], string> = { deploy: "Release", rollback: "Rollback to release" };

/** "Release 3" or "Rollback to release 2". */
export function deploymentLabel(last: NonNullable<OverviewDeployment["last"]>): string {
	return `${ACTION_WORDS[last.kind]} ${last.releaseNumber}`;
}

export function pendingEventsLine(count: number): string {
	return `${plural(count, "progress event")} ${count === 1 ? "is" : "are"} still being counted: class numbers catch up in a moment.`;
}
