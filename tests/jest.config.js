/** Cross-runtime tests that run on Node: contract vectors (the Luau half runs under Lune, see tests/contracts/luau). */
module.exports = {
	testEnvironment: "node",
	roots: ["<rootDir>/contracts"],
	testMatch: ["**/*.test.ts"],
	transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: { isolatedModules: true, module: "commonjs", esModuleInterop: true } }] },
	testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
};
