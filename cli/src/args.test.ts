import { parseCommand, wantsJson } from "./args";
import { CliError } from "./cli-error";

const ID = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";

function usageMessage(argv: string[]): string {
	try {
		parseCommand(argv);
	} catch (err) {
		expect(err).toBeInstanceOf(CliError);
		expect((err as CliError).kind).toBe("usage");
		expect((err as CliError).exitCode).toBe(2);
		return (err as CliError).message;
	}
	throw new Error(`${argv.join(" ")} parsed without a usage error`);
}

describe("parseCommand", () => {
	it("reads deploy with every option, in both --name value and --name=value forms", () => {
		expect(parseCommand(["deploy", "--env", "staging", "--place=build/ToolBoxAI.rbxl", "--assets", "assets", "--plan", "--json", "--force"])).toEqual({
			kind: "deploy",
			env: "staging",
			place: "build/ToolBoxAI.rbxl",
			assets: "assets",
			plan: true,
			force: true,
			json: true,
		});
		expect(parseCommand(["deploy", "--place", "a.rbxl", "--env=prod-2"])).toEqual({
			kind: "deploy",
			env: "prod-2",
			place: "a.rbxl",
			assets: undefined,
			plan: false,
			force: false,
			json: false,
		});
	});

	it("reads rollback and status, lower-casing the deployment id", () => {
		expect(parseCommand(["rollback", "--env", "production", "--to", ID.toUpperCase()])).toEqual({ kind: "rollback", env: "production", to: ID, json: false });
		expect(parseCommand(["status", ID, "--json"])).toEqual({ kind: "status", deploymentId: ID, json: true });
	});

	it("answers help for --help, help, and --help after a command", () => {
		for (const argv of [["--help"], ["-h"], ["help"], ["deploy", "--help"], ["status", "--help"]]) expect(parseCommand(argv)).toEqual({ kind: "help" });
	});

	it("names what is wrong in a usage error", () => {
		expect(usageMessage(["deploy", "--place", "a.rbxl"])).toBe('"deploy" needs --env.');
		expect(usageMessage(["deploy", "--env", "staging"])).toBe('"deploy" needs --place.');
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "--colour"])).toBe('Unknown option --colour for "deploy".');
		expect(usageMessage(["deploy", "--env", "staging", "--place"])).toMatch(/--place/);
		expect(usageMessage(["deploy", "--env", "Staging!", "--place", "a.rbxl"])).toMatch(/--env must be an environment name/);
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "--assets="])).toBe("--assets needs a folder.");
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "extra"])).toMatch(/Unexpected argument for "deploy": extra/);
		expect(usageMessage([])).toBe("Give a command: deploy, rollback or status.");
		expect(usageMessage(["publish"])).toBe('Unknown command "publish" (deploy, rollback or status).');
		expect(usageMessage(["--env", "x"])).toMatch(/Give a command first/);
		expect(usageMessage(["rollback", "--env", "staging"])).toBe('"rollback" needs --to.');
		expect(usageMessage(["rollback", "--env", "staging", "--to", "42"])).toMatch(/--to must be a deployment id/);
		expect(usageMessage(["status"])).toBe('"status" needs a deployment id.');
		expect(usageMessage(["status", ID, ID])).toBe('"status" takes one deployment id.');
		expect(usageMessage(["status", "nope"])).toMatch(/The deployment id must be a deployment id/);
		expect(usageMessage(["status", ID, "--env", "x"])).toBe('Unknown option --env for "status".');
	});

	it("sees --json anywhere, so even a usage error can answer in JSON", () => {
		expect(wantsJson(["deploy", "--bogus", "--json"])).toBe(true);
		expect(wantsJson(["deploy", "--env", "x"])).toBe(false);
	});
});
