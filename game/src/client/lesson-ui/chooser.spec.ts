import { describe, expect, it } from "@rbxts/jest-globals";
import { JOIN_UNAVAILABLE_TEXT, NO_CLASS_TEXT, NO_LESSONS_TEXT, SUBSCRIPTION_ENDED_TEXT } from "shared/lesson-menu";
import { chooserView } from "./chooser";

describe("the lesson chooser", () => {
	it("lists the class's lessons in the teacher's order with steps done / total and a completed mark", () => {
		const view = chooserView({
			kind: "choose",
			entries: [
				{ lessonId: "b", title: "Volcanoes", stepsDone: 2, totalSteps: 5, completed: false, position: 2 },
				{ lessonId: "a", title: "Fractions", stepsDone: 4, totalSteps: 4, completed: true, position: 1 },
				{ lessonId: "c", title: "Rivers", stepsDone: 0, totalSteps: 3, completed: false, position: 3 },
			],
		});
		expect(view).toEqual({
			kind: "choose",
			heading: "Choose a lesson",
			rows: [
				{ lessonId: "a", title: "Fractions", progress: "4 / 4 steps", completed: true, mark: "✓" },
				{ lessonId: "b", title: "Volcanoes", progress: "2 / 5 steps", completed: false, mark: "" },
				{ lessonId: "c", title: "Rivers", progress: "0 / 3 steps", completed: false, mark: "" },
			],
		});
	});

	it("says why there is nothing to play", () => {
		expect(chooserView({ kind: "message", reason: "no_class" })).toEqual({ kind: "message", text: NO_CLASS_TEXT });
		expect(chooserView({ kind: "message", reason: "no_lessons" })).toEqual({ kind: "message", text: NO_LESSONS_TEXT });
		expect(chooserView({ kind: "message", reason: "join_unavailable" })).toEqual({ kind: "message", text: "Joining is not available right now, try again in a minute." });
		expect(JOIN_UNAVAILABLE_TEXT).toBe("Joining is not available right now, try again in a minute.");
		const ended = chooserView({ kind: "message", reason: "subscription_ended" });
		expect(ended).toEqual({ kind: "message", text: SUBSCRIPTION_ENDED_TEXT });
		expect(SUBSCRIPTION_ENDED_TEXT.find("Your school's subscription has ended", 1, true)[0]).toBe(1);
	});
});
