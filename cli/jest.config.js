/**
 * CLI tests: units beside the code (src/**\/*.test.ts) and end to end (test/*.test.ts: the real bin as a child
 * process against the real service, started in-process on the test Postgres + Redis like the server's own tests).
 */
const tsJest = ["ts-jest", { tsconfig: { isolatedModules: true, allowJs: true, module: "commonjs", esModuleInterop: true } }];
module.exports = {
	testEnvironment: "node",
	roots: ["<rootDir>/src", "<rootDir>/test"],
	testMatch: ["**/*.test.ts"],
	transform: {
		"^.+\\.tsx?$": tsJest,
		// The service (e2e) signs tokens with jose 6, which ships ES modules only: compiled to CommonJS for Jest.
		"/node_modules/jose/.+\\.js$": tsJest,
	},
	testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
	transformIgnorePatterns: ["/node_modules/(?!jose/)"],
	testTimeout: 60000,
	// One migrated template database that each test's own database is copied from (see the server's jest config).
	globalSetup: "<rootDir>/../server/src/db/__tests__/template-database.setup.ts",
	globalTeardown: "<rootDir>/../server/src/db/__tests__/template-database.teardown.ts",
};
