import type { DeploymentsApi } from "../api/deployments-api";
import { CliError } from "../cli-error";
import { suggestion } from "../suggest";

/**
 * When the service does not know the environment a command named, say which ones it does know (and the nearest).
 * Any other error, or an environment that does exist (the 404 was about something else), passes through as it is.
 */
export async function explainUnknownEnvironment(error: unknown, name: string, api: DeploymentsApi): Promise<unknown> {
	if (!(error instanceof CliError) || error.code !== "not_found") return error;
	let known: string[];
	try {
		known = (await api.listEnvironments()).items.map((environment) => environment.name);
	} catch {
		return error;
	}
	if (known.includes(name)) return error;
	const message =
		known.length === 0
			? `No environment named "${name}": this school has none yet. A school admin makes them on the dashboard's Deployments page.`
			: `No environment named "${name}". This school's environments: ${known.join(", ")}.${suggestion(name, known)}`;
	return new CliError(error.kind, error.code, message, error.status);
}
