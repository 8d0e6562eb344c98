/** Step message_servers: tell running game servers (MessagingService) to reload the release's content. */
import { RELEASE_TOPIC, releaseMessage } from "../content-entry";
import type { RunningDeployment } from "./running-deployment";
import type { StepRow } from "../deployment-record";

export async function messageServers(run: RunningDeployment, step: StepRow, placeVersion: number): Promise<void> {
	if (step.status === "done") return;
	await run.step("message_servers", { status: "running", total: 1, done: 0 });
	run.guard();
	await run.client.publishMessage({
		universeId: String(run.target.universeId),
		topic: RELEASE_TOPIC,
		message: releaseMessage({ releaseId: run.release.id, releaseNumber: run.release.number, placeVersion }),
	});
	await run.step("message_servers", { status: "done", done: 1, detail: `Topic ${RELEASE_TOPIC}.` });
}
