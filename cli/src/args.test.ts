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

	it("answers help for --help, help, help <command> and --help after a command", () => {
		for (const argv of [["--help"], ["-h"], ["help"]]) expect(parseCommand(argv)).toEqual({ kind: "help", json: false });
		for (const argv of [
			["help", "deploy"],
			["deploy", "--help"],
			["deploy", "--env", "x", "--help"],
		])
			expect(parseCommand(argv)).toEqual({ kind: "help", command: "deploy", json: false });
		expect(parseCommand(["status", "--help", "--json"])).toEqual({ kind: "help", command: "status", json: true });
		expect(usageMessage(["help", "deply"])).toBe('Unknown command "deply" (deploy, rollback, status, environments or whoami). Did you mean deploy?');
	});

	it("reads --version, environments and whoami", () => {
		for (const argv of [["--version"], ["-v"], ["version"]]) expect(parseCommand(argv)).toEqual({ kind: "version", json: false });
		expect(parseCommand(["environments", "--json"])).toEqual({ kind: "environments", json: true });
		expect(parseCommand(["whoami"])).toEqual({ kind: "whoami", json: false });
		expect(usageMessage(["whoami", "extra"])).toMatch(/Unexpected argument for "whoami": extra/);
	});

	it("suggests the option meant: known aliases from other tools, and typos", () => {
		const deploy = ["deploy", "--env", "staging", "--place", "a.rbxl"];
		expect(usageMessage([...deploy, "--dry-run"])).toBe('Unknown option --dry-run for "deploy". Did you mean --plan?');
		expect(usageMessage([...deploy, "--dry-run=true"])).toBe('Unknown option --dry-run for "deploy". Did you mean --plan?');
		expect(usageMessage(["deploy", "--environment", "staging"])).toBe('Unknown option --environment for "deploy". Did you mean --env?');
		expect(usageMessage([...deploy, "--frce"])).toBe('Unknown option --frce for "deploy". Did you mean --force?');
		expect(usageMessage([...deploy, "--colour"])).toBe('Unknown option --colour for "deploy".');
		expect(usageMessage(["rollback", "--env", "staging", "--plan"])).toBe('Unknown option --plan for "rollback".');
	});

	it("names what is wrong in a usage error", () => {
		expect(usageMessage(["deploy", "--place", "a.rbxl"])).toBe('"deploy" needs --env.');
		expect(usageMessage(["deploy", "--env", "staging"])).toBe('"deploy" needs --place.');
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "--colour"])).toBe('Unknown option --colour for "deploy".');
		expect(usageMessage(["deploy", "--env", "staging", "--place"])).toMatch(/--place/);
		expect(usageMessage(["deploy", "--env", "Staging!", "--place", "a.rbxl"])).toMatch(/--env must be an environment name/);
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "--assets="])).toBe("--assets needs a folder.");
		expect(usageMessage(["deploy", "--env", "staging", "--place", "a.rbxl", "extra"])).toMatch(/Unexpected argument for "deploy": extra/);
		expect(usageMessage([])).toBe("Give a command: deploy, rollback, status, environments or whoami.");
		expect(usageMessage(["publish"])).toBe('Unknown command "publish" (deploy, rollback, status, environments or whoami).');
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
