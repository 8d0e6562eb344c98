import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makePrivateDir, makeTreePrivate } from "./private-files";

let root: string;
beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), "private-files-"));
});
afterEach(() => {
	fs.rmSync(root, { recursive: true, force: true });
});

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

test("makePrivateDir creates missing folders 0700 and tightens an existing open one", () => {
	makePrivateDir(path.join(root, "a", "b"));
	expect([modeOf(path.join(root, "a")), modeOf(path.join(root, "a", "b"))]).toEqual(["700", "700"]);
	const open = path.join(root, "open");
	fs.mkdirSync(open, { mode: 0o755 });
	fs.chmodSync(open, 0o755);
	makePrivateDir(open);
	expect(modeOf(open)).toBe("700");
});

test("makeTreePrivate makes every folder 0700 and every file 0600, and leaves links alone", () => {
	const tree = path.join(root, "tree");
	fs.mkdirSync(path.join(tree, "base", "1"), { recursive: true, mode: 0o755 });
	for (const file of ["PG_VERSION", "base/1/112"]) fs.writeFileSync(path.join(tree, file), "x", { mode: 0o666 });
	fs.chmodSync(path.join(tree, "PG_VERSION"), 0o666);
	const outside = path.join(root, "outside.txt");
	fs.writeFileSync(outside, "x", { mode: 0o644 });
	fs.symlinkSync(outside, path.join(tree, "link"));
	makeTreePrivate(tree);
	expect([tree, path.join(tree, "base"), path.join(tree, "base", "1")].map(modeOf)).toEqual(["700", "700", "700"]);
	expect([path.join(tree, "PG_VERSION"), path.join(tree, "base", "1", "112")].map(modeOf)).toEqual(["600", "600"]);
	expect(modeOf(outside)).toBe("644");
});
