/** Asks the running embedded service for a backup (http/trigger-route.ts) and waits for its outcome. */
import type { Config } from "../../../config/config";
import { TRIGGER_PATH } from "../http/trigger-route";
import type { BackupManifest } from "../manifest";
import type { TriggerOutcome } from "../trigger-requests";
import { readTriggerToken } from "../trigger-token";
import { CliFailure } from "./cli-context";

const POLL_MS = 500;
const GIVE_UP_MS = 30 * 60_000;

export async function triggerRunningService(config: Config, options: { baseUrl?: string } = {}): Promise<BackupManifest> {
	const token = readTriggerToken(config.dataDir);
	if (token === undefined) throw new CliFailure(`The service holding ${config.dataDir} has not enabled backups: restart it with BACKUP_KEY set.`);
	const base = options.baseUrl ?? `http://127.0.0.1:${config.port}`;
	const headers = { authorization: `Bearer ${token}` };
	let started: Response;
	try {
		started = await fetch(`${base}${TRIGGER_PATH}`, { method: "POST", headers });
	} catch (error) {
		throw new CliFailure(`The service holding ${config.dataDir} does not answer at ${base} (is PORT the one it listens on?): ${(error as Error).message}`);
	}
	if (started.status !== 202) throw new CliFailure(`The service refused the backup (HTTP ${started.status}): ${await started.text()}`);
	const { requestId } = (await started.json()) as { requestId: string };
	const deadline = Date.now() + GIVE_UP_MS;
	while (Date.now() < deadline) {
		const answer = await fetch(`${base}${TRIGGER_PATH}/${requestId}`, { headers });
		if (answer.status !== 200) throw new CliFailure(`The service lost track of the backup (HTTP ${answer.status}); see its log.`);
		const outcome = (await answer.json()) as TriggerOutcome;
		if (outcome.state === "done") return outcome.manifest;
		if (outcome.state === "failed") throw new CliFailure(`The service's backup failed: ${outcome.error}`);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	throw new CliFailure("The service's backup did not finish within 30 minutes; see its log.");
}
