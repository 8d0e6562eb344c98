/** Server tests: unit tests beside the code (*.test.ts), against real Postgres and Redis (see tests/env/services.sh). */
module.exports = {
	testEnvironment: "node",
	roots: ["<rootDir>/src", "<rootDir>/bench"],
	testMatch: ["**/*.test.ts"],
	transform: {
		"^.+\\.tsx?$": ["ts-jest", { tsconfig: { isolatedModules: true, allowJs: true, module: "commonjs", esModuleInterop: true } }],
		// jose 6 ships ES modules only: compiled to CommonJS for Jest's module system (Node itself requires it as ESM).
		"/node_modules/jose/.+\\.js$": ["ts-jest", { tsconfig: { isolatedModules: true, allowJs: true, module: "commonjs", esModuleInterop: true } }],
	},
	// Workspace packages resolve to their TypeScript sources, so tests never run a stale build.
	testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
	transformIgnorePatterns: ["/node_modules/(?!jose/)"],
	testTimeout: 30000,
	// Two workers on the two cores: most files wait on Postgres, Redis or a child process, so two overlap well
	// (Jest's default here would be one: cores minus one).
	maxWorkers: 2,
	// One migrated template database that each test file's own database is copied from (createTestDatabase).
	globalSetup: "<rootDir>/src/db/__tests__/template-database.setup.ts",
	globalTeardown: "<rootDir>/src/db/__tests__/template-database.teardown.ts",
};
