/**
 * Step publish_place: publish the release's stored place file as a new Published version. Open Cloud has no
 * rollback endpoint, so a rollback comes through here too: the earlier release's stored file, published again.
 * The version number is written with the step's end; a kill between Roblox's answer and that write publishes the
 * same file once more on resume (one extra identical version: harmless).
 */
import { QueryTypes } from "sequelize";
import { readDeployFile } from "./deploy-files";
import type { RunningDeployment } from "./running-deployment";
import type { StepRow } from "../deployment-record";

export async function publishPlace(run: RunningDeployment, step: StepRow): Promise<number> {
	const { db } = run;
	if (step.status === "done") {
		const [row] = await run.tx((t) =>
			db.query<{ place_version: number | null }>("SELECT place_version FROM deployments WHERE id = $1", { bind: [run.row.id], type: QueryTypes.SELECT, transaction: t }),
		);
		return row?.place_version ?? 0;
	}
	await run.step("publish_place", { status: "running", total: 1, done: 0 });
	const placeFile = await readDeployFile(run.deps.infra.storage, run.tenantId, run.release.place.sha256);
	run.guard();
	const { versionNumber } = await run.client.publishPlace({ universeId: String(run.target.universeId), placeId: String(run.target.placeId), versionType: "Published", placeFile });
	await run.tx(async (t) => {
		await db.query("UPDATE deployments SET place_version = $2 WHERE id = $1", { bind: [run.row.id, versionNumber], transaction: t });
		await run.step("publish_place", { status: "done", done: 1, detail: run.dryRun ? "Dry run: recorded, not sent." : `Place version ${versionNumber}.` }, t);
	});
	await run.progress(true);
	return versionNumber;
}
