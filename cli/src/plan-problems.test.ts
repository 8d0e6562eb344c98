import { plan } from "./__tests__/fixtures";
import { blockingProblems } from "./plan-problems";

describe("blockingProblems", () => {
	it("leaves out the files a deploy uploads first, keeps everything else", () => {
		const missing = "4 file(s) of the release are not uploaded to the service yet: aa, bb, cc, dd.";
		expect(blockingProblems(plan({ problems: [missing] }))).toEqual([]);
		expect(blockingProblems(plan({ problems: [missing, "The environment's Open Cloud key lacks asset:write."] }))).toEqual(["The environment's Open Cloud key lacks asset:write."]);
	});
});
