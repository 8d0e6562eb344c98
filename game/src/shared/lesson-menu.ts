import { t } from "@rbxts/t";

/**
 * What the server tells a student about the lessons of their class, over the lesson-menu remote: several lessons to
 * choose from, or why there is nothing to play. (One assigned lesson starts directly: no menu.) The client sends
 * back the chosen lesson's id over the choose remote; the server checks it against the class's own list.
 */
export const LESSON_MENU_REMOTE = "ToolBoxAILessonMenu";
export const CHOOSE_LESSON_REMOTE = "ToolBoxAIChooseLesson";

export interface LessonMenuEntry {
	readonly lessonId: string;
	readonly title: string;
	/** Steps of the version the student plays that are done (completed, or answered). */
	readonly stepsDone: number;
	readonly totalSteps: number;
	readonly completed: boolean;
	/** The lesson's place in the teacher's assignment order (1 first). */
	readonly position: number;
}

export type LessonMenu =
	| { readonly kind: "choose"; readonly entries: ReadonlyArray<LessonMenuEntry> }
	| { readonly kind: "message"; readonly reason: "no_class" | "no_lessons" | "join_unavailable" | "subscription_ended" };

export const NO_CLASS_TEXT = "You are not in a class yet. Type the class code your teacher gave you.";
export const NO_LESSONS_TEXT = "Your class has no lessons yet. Ask your teacher to assign one.";
export const JOIN_UNAVAILABLE_TEXT = "Joining is not available right now, try again in a minute.";
export const SUBSCRIPTION_ENDED_TEXT = "Your school's subscription has ended, so lessons cannot be played right now. Tell your teacher.";

/** A lesson id as the choose remote may carry it: a UUID's 36 characters (the server then looks it up). */
export const isLessonChoice = (value: unknown): value is string => t.string(value) && value.size() >= 1 && value.size() <= 64;
