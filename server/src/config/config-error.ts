/** One setting that stops the process, named the way the operator wrote it (the environment variable). */
export interface SettingProblem {
	readonly setting: string;
	readonly problem: string;
}

/**
 * Thrown by loadConfig. Its message is meant to be printed as is to the operator (main.ts prints it
 * without a stack trace): it names every bad setting and never echoes a secret's value.
 */
export class ConfigError extends Error {
	readonly problems: ReadonlyArray<SettingProblem>;

	constructor(problems: ReadonlyArray<SettingProblem>, headline?: string) {
		const lines = problems.map((p) => `  ${p.setting}: ${p.problem}`);
		const title = headline ?? `Cannot start: ${problems.length === 1 ? "1 setting is" : `${problems.length} settings are`} invalid.`;
		super([title, ...lines].join("\n"));
		this.name = "ConfigError";
		this.problems = problems;
	}
}
