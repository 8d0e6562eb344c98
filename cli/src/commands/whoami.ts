import type { ApiKeyIdentity } from "@toolboxai/shared";
import type { CommandContext, CommandOutcome } from "./command-context";

function describe(identity: ApiKeyIdentity, url: string): string {
	const { tenant, apiKey } = identity;
	const canDeploy = apiKey.scopes.includes("deployments:write");
	return [
		`Key "${apiKey.name}" (${apiKey.prefix}…) of ${tenant.name}`,
		`  scopes: ${apiKey.scopes.length > 0 ? apiKey.scopes.join(", ") : "none"}`,
		`  service: ${url}`,
		canDeploy ? "  It can deploy." : "  It cannot deploy: it lacks the deployments:write scope. Make a key with it in the dashboard (API keys).",
		"",
	].join("\n");
}

/** `toolboxai whoami`: the key's school and scopes, and whether it can deploy. */
export async function whoami(context: CommandContext & { readonly url: string }): Promise<CommandOutcome> {
	const identity = await context.api.currentKey();
	return { exitCode: 0, result: identity, text: describe(identity, context.url) };
}
