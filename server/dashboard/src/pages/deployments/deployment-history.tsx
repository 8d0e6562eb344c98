import { useEffect, useState } from "react";
import { REALTIME_EVENTS, schoolChannel, type Deployment, type DeploymentUpdatedEvent } from "@toolboxai/shared";
import { listDeployments, rollbackTo } from "../../api/deployments";
import { ApiError, describeError } from "../../api/errors";
import { Alert, Loading, Notice } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useAuth } from "../../auth";
import { useLoad } from "../../hooks/use-load";
import { useLiveChannel, useLiveStatus } from "../../live/live-provider";
import { Link } from "../../router";

const STATUS_WORDS: Record<Deployment["status"], string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };
const POLL_MS = 3000;

function stepsDone(deployment: Deployment): string {
	const done = deployment.steps.filter((step) => step.status === "done" || step.status === "skipped").length;
	return `${done}/${deployment.steps.length}`;
}

function listRefusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 404 ? "This service does not list deployments yet." : describeError(caught);
}

/**
 * An environment's recent deployments (GET /v1/deployments?environment=), refreshed while one is under way, with
 * Rollback on the earlier successful ones: it redeploys that release as a new deployment.
 */
export function DeploymentHistory({ environment, canManage }: { environment: string; canManage: boolean }) {
	const { state } = useAuth();
	const tenantId = state.status === "signed-in" ? state.me.tenant.id : undefined;
	const history = useLoad(async () => (await listDeployments(environment)).items, [environment], listRefusal);
	const rollback = useAction();
	const [notice, setNotice] = useState<string | undefined>();
	const [confirming, setConfirming] = useState<string | undefined>();
	const items = history.data;
	const error = rollback.error ?? history.error;
	const { reload } = history;

	const active = items?.some((d) => d.status === "queued" || d.status === "running") === true;
	// Live: each step of this environment's deployments arrives as an event (ids and a summary); the list is read
	// again for the rest. Polling is the last resort, only while live updates are offline.
	useLiveChannel(tenantId === undefined ? undefined : schoolChannel(tenantId), (event) => {
		if (event === "resync") return void reload();
		if (event.event === REALTIME_EVENTS.deploymentUpdated && (event.data as DeploymentUpdatedEvent).environment === environment) void reload();
	});
	const live = useLiveStatus();
	const poll = active && (live === undefined || live === "offline");
	useEffect(() => {
		if (!poll) return;
		const timer = setInterval(() => void reload(), POLL_MS);
		return () => clearInterval(timer);
	}, [poll, reload]);

	const startRollback = (target: Deployment) =>
		rollback.run(async () => {
			const started = await rollbackTo(target.id, environment);
			setConfirming(undefined);
			await reload();
			setNotice(`Rolling back ${environment} to release ${started.releaseNumber}.`);
		});

	// The newest successful deployment is what runs now: rolling back to its release would change nothing.
	const current = items?.find((d) => d.status === "succeeded")?.releaseId;
	const headingId = `history-${environment}`;
	return (
		<section aria-labelledby={headingId}>
			<h4 id={headingId}>Recent deployments</h4>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{items === undefined && error === undefined && <Loading label="Loading deployments…" />}
			{items !== undefined && items.length === 0 && (
				<p className="muted">
					No deployments yet. Deploy with <code>npx toolboxai deploy --env {environment}</code>.
				</p>
			)}
			{items !== undefined && items.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Started</th>
								<th scope="col">Release</th>
								<th scope="col">Kind</th>
								<th scope="col">Status</th>
								<th scope="col">Steps done</th>
								<th scope="col">Problem</th>
								{canManage && (
									<th scope="col">
										<span className="visually-hidden">Actions</span>
									</th>
								)}
							</tr>
						</thead>
						<tbody>
							{items.map((deployment) => (
								<tr key={deployment.id} data-testid="deployment-row">
									<td>
										<Link href={`/deployments/${deployment.id}`}>{formatTime(deployment.startedAt ?? deployment.createdAt)}</Link>
									</td>
									<th scope="row">#{deployment.releaseNumber}</th>
									<td>
										{deployment.kind === "rollback" ? "Rollback" : "Deploy"}
										{deployment.dryRun ? " (dry run)" : ""}
									</td>
									<td>
										<span className={`badge status-${deployment.status}`}>{STATUS_WORDS[deployment.status]}</span>
									</td>
									<td>{stepsDone(deployment)}</td>
									<td>{deployment.error === undefined ? "—" : deployment.error.message}</td>
									{canManage && (
										<td>
											{deployment.status !== "succeeded" || deployment.releaseId === current ? null : confirming === deployment.id ? (
												<fieldset className="confirm" aria-label={`Confirm rolling back to release ${deployment.releaseNumber}`}>
													<span>
														Publishes release #{deployment.releaseNumber} to {environment} again.
													</span>
													<button type="button" className="button danger" disabled={rollback.busy} onClick={() => void startRollback(deployment)}>
														{rollback.busy ? "Starting…" : "Roll back"}
													</button>
													<button type="button" className="button" disabled={rollback.busy} onClick={() => setConfirming(undefined)}>
														Cancel
													</button>
												</fieldset>
											) : (
												<button
													type="button"
													className="button small"
													disabled={active}
													onClick={() => setConfirming(deployment.id)}
													aria-label={`Roll back to release ${deployment.releaseNumber}`}
												>
													Roll back
												</button>
											)}
										</td>
									)}
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
