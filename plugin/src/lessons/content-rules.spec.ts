import { describe, expect, it } from "@rbxts/jest-globals";
import { LessonContent, limitIssues, MAX_LESSON_ISSUES } from "@toolboxai/shared";
import { checkLessonRules, parse } from "@toolboxai/shared/out/luau";
import { LESSON_RULE_CASES } from "@toolboxai/shared/out/lessons/rule-cases";

/**
 * The shared lesson rules compiled to Luau, over the case list server/src/modules/lessons/content-rules.test.ts
 * runs on Node: the same exact issues, in the same order, so what the plugin flags is what the service refuses.
 */
describe("shared lesson rules in Luau (the same cases as the Node test)", () => {
	it("runs every case", () => {
		let cases = 0;
		for (const _ of LESSON_RULE_CASES) cases += 1;
		expect(cases).toBe(9);
	});

	for (const vector of LESSON_RULE_CASES) {
		it(vector.name, () => {
			const parsed = parse(LessonContent, vector.content);
			if (!parsed.ok) throw `fixture is not valid for the contract: ${parsed.issues[0].path} ${parsed.issues[0].code}`;
			const issues = limitIssues(checkLessonRules(parsed.value), MAX_LESSON_ISSUES, "");
			expect(issues.map((issue) => ({ path: issue.path, code: issue.code }))).toEqual(vector.issues);
			for (const issue of issues) expect(issue.message.size() > 0).toBe(true);
		});
	}
});
