import { LessonContent, limitIssues, MAX_LESSON_ISSUES } from "@toolboxai/shared";
import { checkLessonRules, parse } from "@toolboxai/shared/node";
import { LESSON_RULE_CASES } from "@toolboxai/shared/lessons/rule-cases";

/**
 * The shared lesson rules on Node, over the case list plugin/src/lessons/content-rules.spec.ts runs in Luau:
 * both must give these exact issues, in this order, so the plugin's check and the service's refusal agree.
 */
describe("shared lesson rules on Node (the same cases as the Luau spec)", () => {
	it("has cases that break every rule and cases that keep them", () => {
		const codes = new Set(LESSON_RULE_CASES.flatMap((c) => c.issues.map((issue) => issue.code)));
		expect([...codes].sort()).toEqual(["blank", "duplicate_id", "no_correct_answer", "too_many_correct", "too_many_issues"]);
		expect(LESSON_RULE_CASES.some((c) => c.issues.length === 0)).toBe(true);
	});

	it.each(LESSON_RULE_CASES.map((c) => [c.name, c] as const))("%s", (_name, vector) => {
		const parsed = parse(LessonContent, vector.content);
		if (!parsed.ok) throw new Error(`fixture is not valid for the contract: ${JSON.stringify(parsed.issues)}`);
		const issues = limitIssues(checkLessonRules(parsed.value), MAX_LESSON_ISSUES, "");
		expect(issues.map(({ path, code }) => ({ path, code }))).toEqual(vector.issues);
		for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
	});
});
