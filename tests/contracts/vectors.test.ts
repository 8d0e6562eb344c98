import { CONTRACTS, type AnySchema } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { loadVectorFiles } from "./vectors";

const files = loadVectorFiles();

describe("contract vectors on Node", () => {
	it("has at least 30 cases covering every vector file's contract", () => {
		const total = files.reduce((sum, file) => sum + file.cases.length, 0);
		expect(total).toBeGreaterThanOrEqual(30);
		for (const file of files) expect(Object.keys(CONTRACTS)).toContain(file.contract);
	});

	for (const file of files) {
		describe(`${file.file} (${file.contract})`, () => {
			const schema = (CONTRACTS as Record<string, AnySchema>)[file.contract];
			it.each(file.cases.map((c) => [c.name, c] as const))("%s", (_name, vector) => {
				const result = parse(schema, vector.value, file.options);
				const paths = result.ok ? [] : [...new Set(result.issues.map((issue) => issue.path))].sort();
				const issues = result.ok ? [] : result.issues.map(({ path, code }) => ({ path, code }));
				expect({ valid: result.ok, paths: vector.paths ? paths : undefined, issues: vector.issues ? issues : undefined }).toEqual({
					valid: vector.valid,
					paths: vector.paths ? [...vector.paths].sort() : undefined,
					issues: vector.issues,
				});
			});
		});
	}
});
