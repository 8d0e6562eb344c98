/** The process entry (bin/toolboxai.mjs runs it under tsx): real streams, real environment, exit code. */
import { run } from "./run";

process.on("SIGINT", () => {
	// A started deployment runs on in the service; only our watching stops.
	process.stderr.write("\ntoolboxai: interrupted. A deployment already started goes on; check it with `toolboxai status <id>`.\n");
	process.exit(130);
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`toolboxai: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 1;
	},
);
