import { mapWithLimit } from "./upload-missing";

describe("mapWithLimit", () => {
	it("keeps at most `limit` in flight and returns results in order", async () => {
		let inFlight = 0;
		let most = 0;
		const results = await mapWithLimit([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (n) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return n * 10;
		});
		expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
		expect(most).toBe(4);
	});

	it("stops starting work after a failure and throws it", async () => {
		const started: number[] = [];
		await expect(
			mapWithLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
				started.push(n);
				await new Promise((resolve) => setImmediate(resolve));
				if (n === 2) throw new Error("upload 2 refused");
				return n;
			}),
		).rejects.toThrow("upload 2 refused");
		expect(started).toEqual([1, 2, 3]);
	});

	it("does nothing for nothing", async () => {
		expect(await mapWithLimit([], 4, async () => 1)).toEqual([]);
	});
});
