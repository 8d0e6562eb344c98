#!/usr/bin/env node
/**
 * `toolboxai` without a build step: runs src/main.ts under tsx, with the "source" export condition so the shared
 * contracts load from their TypeScript too. Node applies --conditions to require() only from the command line, hence
 * one child process. Both paths are resolved from this file, so it works from any working directory and wherever
 * the workspace is installed (npm links resolve to the real folder).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const tsx = import.meta.resolve("tsx");
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const child = spawn(process.execPath, ["--conditions=source", "--import", tsx, main, ...process.argv.slice(2)], { stdio: "inherit" });

// A CI runner's cancel (SIGTERM) or Ctrl-C reaches the child too; the child decides how to stop.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (err) => {
	process.stderr.write(`toolboxai: cannot start Node (${err.message})\n`);
	process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
