import { JOIN_UNAVAILABLE_TEXT, type LessonMenu, NO_CLASS_TEXT, NO_LESSONS_TEXT, SUBSCRIPTION_ENDED_TEXT } from "shared/lesson-menu";

/**
 * The lesson chooser's logic: what the panel says for the server's lesson menu. No instances here (the ScreenGui glue
 * in ./chooser-gui only copies these into labels and buttons), so it runs under Lune as it is.
 */
export interface ChooserRow {
	readonly lessonId: string;
	readonly title: string;
	/** "2 / 5 steps" */
	readonly progress: string;
	readonly completed: boolean;
	/** "✓" for a completed lesson, "" otherwise. */
	readonly mark: string;
}

export type ChooserView = { readonly kind: "choose"; readonly heading: string; readonly rows: ReadonlyArray<ChooserRow> } | { readonly kind: "message"; readonly text: string };

const MESSAGES = { no_class: NO_CLASS_TEXT, no_lessons: NO_LESSONS_TEXT, join_unavailable: JOIN_UNAVAILABLE_TEXT, subscription_ended: SUBSCRIPTION_ENDED_TEXT } as const;

export function chooserView(menu: LessonMenu): ChooserView {
	if (menu.kind === "message") return { kind: "message", text: MESSAGES[menu.reason] };
	const entries = [...menu.entries];
	entries.sort((a, b) => a.position < b.position);
	const rows = entries.map((entry) => ({
		lessonId: entry.lessonId,
		title: entry.title,
		progress: `${entry.stepsDone} / ${entry.totalSteps} steps`,
		completed: entry.completed,
		mark: entry.completed ? "✓" : "",
	}));
	return { kind: "choose", heading: "Choose a lesson", rows };
}
