import { deployment, steps } from "../__tests__/fixtures";
import { ProgressBoard } from "./progress";
import { formatBlock, LineRenderer, TtyRenderer } from "./renderers";

function sink() {
	const written: string[] = [];
	return { written, write: (text: string) => written.push(text), text: () => written.join("") };
}

describe("LineRenderer (not a terminal)", () => {
	it("prints one line per change and nothing when a reading changed nothing", () => {
		const out = sink();
		const board = new ProgressBoard(new LineRenderer(out));
		board.set({ key: "hash", label: "hash files", status: "running", done: 0, total: 2 });
		board.set({ key: "hash", label: "hash files", status: "running", done: 1, total: 2 });
		board.set({ key: "hash", label: "hash files", status: "running", done: 1, total: 2 });
		board.set({ key: "hash", label: "hash files", status: "done", done: 2, total: 2 });
		const running = deployment({ status: "running", steps: steps("pending", { upload_assets: { status: "running", done: 0, total: 1 } }) });
		board.showDeployment(running);
		board.showDeployment(running);
		board.showDeployment(deployment({ status: "running", steps: steps("pending", { upload_assets: { status: "done", done: 1, total: 1 } }) }));
		expect(out.text().split("\n")).toEqual([
			"hash files: running 0/2",
			"hash files: running 1/2",
			"hash files: done 2/2",
			"deployment: running (2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f, release #3 → staging, dry run)",
			"upload assets to Roblox: running 0/1",
			"wait for Roblox: pending 0/0",
			"publish the place: pending 0/0",
			"push lesson content: pending 0/0",
			"tell live servers: pending 0/0",
			"upload assets to Roblox: done 1/1",
			"",
		]);
	});
});

describe("LineRenderer with long counts", () => {
	it("prints a running count over 20 once per tenth, and always its start and end", () => {
		const out = sink();
		const board = new ProgressBoard(new LineRenderer(out));
		for (let done = 0; done <= 200; done++) board.set({ key: "hash", label: "hash files", status: done === 200 ? "done" : "running", done, total: 200 });
		expect(
			out
				.text()
				.split("\n")
				.filter((l) => l !== ""),
		).toEqual(["hash files: running 0/200", ...[20, 40, 60, 80, 100, 120, 140, 160, 180].map((n) => `hash files: running ${n}/200`), "hash files: done 200/200"]);
	});
});

describe("TtyRenderer (a terminal)", () => {
	it("draws the block, then redraws it in place: cursor up over the old block, clear, new block", () => {
		const out = sink();
		const renderer = new TtyRenderer(out, () => 80);
		const board = new ProgressBoard(renderer);
		board.set({ key: "hash", label: "hash files", status: "done", done: 2, total: 2 });
		board.set({ key: "upload", label: "upload files to ToolBoxAI", status: "running", done: 0, total: 3 });
		board.set({ key: "upload", label: "upload files to ToolBoxAI", status: "running", done: 0, total: 3 });
		board.note("The service asked to slow down (/v1/deployments/x): waiting 2.0 s.");
		expect(out.written).toEqual([
			"✓ hash files  done    2/2\n",
			"\x1b[1A\r\x1b[J✓ hash files                 done    2/2\n… upload files to ToolBoxAI  running 0/3\n",
			"\x1b[2A\r\x1b[JThe service asked to slow down (/v1/deployments/x): waiting 2.0 s.\n✓ hash files                 done    2/2\n… upload files to ToolBoxAI  running 0/3\n",
		]);
	});

	it("cuts lines to the terminal's width, so the redraw counts lines right", () => {
		const [line] = formatBlock([{ key: "k", label: "a very long label that goes on", status: "failed", detail: "and a long detail too" }], 20);
		expect(line).toBe("✗ a very long labe…");
		expect(line.length).toBe(19);
	});
});
