/**
 * Browser tests of the dashboard: the real service (`npm start`) on Postgres + Redis, driven in Debian's Chromium
 * by playwright-core. One file at a time: each starts its own service and browser, and the machine has 2 cores.
 *   bash tests/env/browser.sh && npx jest -c tests/browser/jest.config.js
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: "node",
	testMatch: ["<rootDir>/**/*.test.ts"],
	transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: { isolatedModules: true, module: "commonjs", esModuleInterop: true, target: "ES2022" } }] },
	testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
	maxWorkers: 1,
	testTimeout: 120_000,
	// One migrated template database that each test's own database is copied from (see the server's jest config).
	globalSetup: "<rootDir>/../../server/src/db/__tests__/template-database.setup.ts",
	globalTeardown: "<rootDir>/../../server/src/db/__tests__/template-database.teardown.ts",
};
