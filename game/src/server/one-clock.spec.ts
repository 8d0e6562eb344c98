import { describe, expect, it } from "@rbxts/jest-globals";
import { ReplicatedStorage, ServerScriptService, StarterPlayer } from "@rbxts/services";

/** The game's own compiled modules and scripts (specs and their helpers left out). */
function gameCode(): Array<LuaSourceContainer> {
	const roots = [ServerScriptService.FindFirstChild("TS"), ReplicatedStorage.FindFirstChild("TS"), StarterPlayer.FindFirstChild("StarterPlayerScripts")?.FindFirstChild("TS")];
	const out = new Array<LuaSourceContainer>();
	for (const root of roots) {
		if (root === undefined) continue;
		for (const item of root.GetDescendants()) {
			if (!item.IsA("LuaSourceContainer")) continue;
			const [isSpec] = item.Name.find("%.spec");
			if (isSpec === undefined && item.Name !== "jest.config") out.push(item);
		}
	}
	return out;
}

describe("one clock", () => {
	it("every timer of the game reads shared/clock (time()), never os.clock, so deadlines and waits agree", () => {
		const code = gameCode();
		expect(code.size() > 20).toBe(true);
		const offenders = code.filter((item) => (item as ModuleScript).Source.find("os.clock", 1, true)[0] !== undefined).map((item) => item.GetFullName());
		expect(offenders).toEqual([]);
	});
});
