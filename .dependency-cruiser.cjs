/**
 * Layering rules, checked by `npm run lint` (a step of `npm test`): `depcruise --config .dependency-cruiser.cjs shared server cli tests plugin game`.
 * Paths are relative to the repository root. Type-only imports count as imports for every layering rule; the cycle rule ignores
 * `import type` edges (TypeScript erases them, so they cannot cause a load-order bug).
 */

const path = require("node:path");

/** Test code: `*.test.ts(x)`, anything under a `__tests__/` folder, and the benchmarks (they wire internals on purpose, like tests). */
const TEST_FILES = ["\\.test\\.tsx?$", "(^|/)__tests__/", "^server/bench/"];

/** The server layers below the domain: they never reach into modules/ or platform/. */
const SERVER_LAYERS = "^server/src/(errors|access|crypto|http|db|jobs|integrations|logging|config|observability)/";

/** The neutral floor: imports only itself, @toolboxai/shared, npm packages and Node's built-ins. */
const NEUTRAL_FLOOR = "^server/src/(errors|access|crypto)/";

/** express and its type packages, wherever npm put them. */
const EXPRESS = "(^|/)node_modules/(@types/)?express(-serve-static-core)?/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: "shared-imports-no-runtime",
			comment: "shared/ holds the contracts every runtime compiles: it imports nothing of server/, plugin/, game/, cli/ or tests/.",
			severity: "error",
			from: { path: "^shared/" },
			to: { path: "^(server|plugin|game|cli|tests)/" },
		},
		{
			name: "plugin-not-to-other-runtimes",
			comment: "The Studio plugin imports only itself, @toolboxai/shared and packages: never game/, server/, cli/ or tests/.",
			severity: "error",
			from: { path: "^plugin/" },
			to: { path: "^(game|server|cli|tests)/" },
		},
		{
			name: "game-not-to-other-runtimes",
			comment: "The game imports only itself, @toolboxai/shared and packages: never plugin/, server/, cli/ or tests/.",
			severity: "error",
			from: { path: "^game/" },
			to: { path: "^(plugin|server|cli|tests)/" },
		},
		{
			name: "server-layers-not-to-modules-or-platform",
			comment:
				"errors/, access/, crypto/, http/, db/, jobs/, integrations/, logging/, config/ and observability/ sit below the domain: they never import server/src/modules/** or server/src/platform/** (test files included).",
			severity: "error",
			from: { path: SERVER_LAYERS },
			to: { path: "^server/src/(modules|platform)/" },
		},
		{
			name: "neutral-floor-imports-only-itself",
			comment: "errors/, access/ and crypto/ import only each other, @toolboxai/shared, npm packages and Node's built-ins.",
			severity: "error",
			from: { path: NEUTRAL_FLOOR },
			to: { pathNot: [NEUTRAL_FLOOR, "^shared/", "(^|/)node_modules/"], dependencyTypesNot: ["core"] },
		},
		{
			name: "module-to-module-through-index",
			comment: "A domain module reaches another module only through its public entry server/src/modules/<b>/index.ts (test files are exempt).",
			severity: "error",
			from: { path: "^server/src/modules/([^/]+)/", pathNot: TEST_FILES },
			to: { path: "^server/src/modules/[^/]+/", pathNot: ["^server/src/modules/$1/", "^server/src/modules/[^/]+/index\\.ts$"] },
		},
		{
			name: "outside-to-module-through-index",
			comment:
				"Server code outside modules/ (app.ts, main.ts, infrastructure*.ts, platform/**, bench/, ...) reaches a module only through its server/src/modules/<m>/index.ts (test files are exempt; the layers of server-layers-not-to-modules-or-platform may not reach it at all).",
			severity: "error",
			from: { path: "^server/", pathNot: ["^server/src/modules/", SERVER_LAYERS, ...TEST_FILES] },
			to: { path: "^server/src/modules/[^/]+/", pathNot: "^server/src/modules/[^/]+/index\\.ts$" },
		},
		{
			name: "express-only-at-the-http-edge",
			comment:
				"In server/src/modules/** only files named routes.ts and files under a routes/ or http/ folder import express; operations stay framework-free (test harnesses that build an app are exempt).",
			severity: "error",
			from: {
				path: "^server/src/modules/",
				pathNot: ["(^|/)routes\\.ts$", "^server/src/modules/[^/]+/(routes|http)/", "^server/src/modules/[^/]+/.*/(routes|http)/", ...TEST_FILES],
			},
			to: { path: EXPRESS },
		},
		{
			name: "no-circular",
			comment:
				"No import cycles. `import type` / `export type` edges are left out: TypeScript erases them, so they cannot cause a load-order bug (Biome's useImportType makes type-only imports say so).",
			severity: "error",
			from: {},
			to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
		},
	],
	options: {
		// Packages and build output are neither scanned nor followed, but an import of them still shows (and is judged).
		doNotFollow: { path: ["(^|/)node_modules/", "(^|/)(dist|out|build|include|coverage|\\.data|\\.tmp)/"] },
		moduleSystems: ["es6", "cjs"],
		// See type-only imports: they are real dependencies for layering (and marked "type-only" for the cycle rule).
		tsPreCompilationDeps: true,
		// Workspace packages resolve through node_modules/@toolboxai/* (symlinks to the folders) and their package.json
		// "exports", preferring the "source" condition as tsx and the test tsconfigs do: @toolboxai/shared is shared/src.
		enhancedResolveOptions: {
			exportsFields: ["exports"],
			conditionNames: ["source", "types", "import", "require", "node", "default"],
			mainFields: ["types", "typings", "main"],
			extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
		},
		// The only path alias in the repository is game/'s baseUrl ("shared/remotes" is game/src/shared/remotes.ts), so
		// game's tsconfig is the one given (as an absolute path: dependency-cruiser 17 reads a relative one against the
		// working directory and then finds no inputs). Its baseUrl applies to every file, which is harmless while no other
		// code imports a bare "client/...", "server/..." or "shared/..." specifier; plugin/ and server/ use relative imports.
		tsConfig: { fileName: path.join(__dirname, "game/tsconfig.json") },
	},
};
