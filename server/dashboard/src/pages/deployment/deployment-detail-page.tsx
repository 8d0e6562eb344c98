import { REALTIME_EVENTS, schoolChannel, type DeploymentDetail, type DeploymentUpdatedEvent } from "@toolboxai/shared";
import { useEffect } from "react";
import { getDeploymentDetail } from "../../api/deployments";
import { ApiError, describeError } from "../../api/errors";
import { useAuth } from "../../auth";
import { Alert, Loading, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useLoad } from "../../hooks/use-load";
import { useLiveChannel, useLiveStatus } from "../../live/live-provider";
import { Link } from "../../router";
import { ASSET_STATUS_WORDS, ASSET_TYPE_WORDS, DEPLOYMENT_STATUS_WORDS, STEP_STATUS_WORDS, STEP_WORDS } from "./deployment-words";

const POLL_MS = 3000;

function loadRefusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 404 ? "There is no such deployment in your school." : describeError(caught);
}

/**
 * /deployments/<id>: one deployment for people — its steps, each asset, who started it and what went wrong, in
 * words. Ids (Open Cloud operations, assets, the deployment's own) stay in the collapsed technical section. It
 * follows the deployment live: each of its step events reads it again (polling only while live updates are offline).
 */
export function DeploymentDetailPage({ deploymentId }: { deploymentId: string }) {
	const { state } = useAuth();
	const tenantId = state.status === "signed-in" ? state.me.tenant.id : undefined;
	const detail = useLoad(() => getDeploymentDetail(deploymentId), [deploymentId], loadRefusal);
	const { reload } = detail;
	useLiveChannel(tenantId === undefined ? undefined : schoolChannel(tenantId), (event) => {
		if (event === "resync") return void reload();
		if (event.event === REALTIME_EVENTS.deploymentUpdated && (event.data as DeploymentUpdatedEvent).deploymentId === deploymentId) void reload();
	});
	const live = useLiveStatus();
	const status = detail.data?.deployment.status;
	const poll = (status === "queued" || status === "running") && (live === undefined || live === "offline");
	useEffect(() => {
		if (!poll) return;
		const timer = setInterval(() => void reload(), POLL_MS);
		return () => clearInterval(timer);
	}, [poll, reload]);

	const title = detail.data === undefined ? "Deployment" : `Release #${detail.data.deployment.releaseNumber} to ${detail.data.deployment.environment}`;
	return (
		<Page title={title} wide>
			<p>
				<Link href="/deployments">← All deployments</Link>
			</p>
			{detail.error !== undefined && <Alert>{detail.error}</Alert>}
			{detail.loading && <Loading label="Loading the deployment…" />}
			{detail.data !== undefined && <DeploymentDetailView detail={detail.data} />}
		</Page>
	);
}

function DeploymentDetailView({ detail }: { detail: DeploymentDetail }) {
	const { deployment, assets } = detail;
	return (
		<>
			<dl className="facts">
				<dt>Status</dt>
				<dd>
					<span className={`badge status-${deployment.status}`} data-testid="deployment-status">
						{DEPLOYMENT_STATUS_WORDS[deployment.status]}
					</span>
					{deployment.dryRun ? " (dry run: nothing was sent to Roblox)" : ""}
				</dd>
				<dt>Kind</dt>
				<dd>{deployment.kind === "rollback" ? "Rollback to an earlier release" : "Deploy"}</dd>
				<dt>Started by</dt>
				<dd data-testid="started-by">{detail.startedBy}</dd>
				<dt>Started</dt>
				<dd>{formatTime(deployment.startedAt ?? deployment.createdAt)}</dd>
				<dt>Finished</dt>
				<dd>{formatTime(deployment.finishedAt)}</dd>
				{deployment.placeVersion !== undefined && deployment.placeVersion > 0 && (
					<>
						<dt>Place version</dt>
						<dd>{deployment.placeVersion}</dd>
					</>
				)}
			</dl>
			{deployment.error !== undefined && <Alert>The deployment failed: {deployment.error.message}</Alert>}
			<h2>Steps</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Step</th>
							<th scope="col">Status</th>
							<th scope="col">Progress</th>
							<th scope="col">Note</th>
						</tr>
					</thead>
					<tbody>
						{deployment.steps.map((step) => (
							<tr key={step.name} data-testid="deployment-step">
								<th scope="row">{STEP_WORDS[step.name]}</th>
								<td>{STEP_STATUS_WORDS[step.status]}</td>
								<td>{step.total > 0 ? `${step.done}/${step.total}` : "—"}</td>
								<td>{step.detail ?? "—"}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>Assets</h2>
			{assets.length === 0 ? (
				<p className="muted">This release has no assets besides the place.</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Asset</th>
								<th scope="col">Type</th>
								<th scope="col">Status</th>
							</tr>
						</thead>
						<tbody>
							{assets.map((asset) => (
								<tr key={asset.name} data-testid="deployment-asset">
									<th scope="row">{asset.name}</th>
									<td>{ASSET_TYPE_WORDS[asset.assetType]}</td>
									<td>{ASSET_STATUS_WORDS[asset.status]}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			<TechnicalDetails detail={detail} />
		</>
	);
}

/** Ids for support and for Roblox's own tools, collapsed: people read the sections above. */
function TechnicalDetails({ detail }: { detail: DeploymentDetail }) {
	const { deployment, assets } = detail;
	return (
		<details className="technical" data-testid="technical-details">
			<summary>Technical details</summary>
			<dl className="facts">
				<dt>Deployment id</dt>
				<dd>
					<code>{deployment.id}</code>
				</dd>
				<dt>Release id</dt>
				<dd>
					<code>{deployment.releaseId}</code>
				</dd>
				{deployment.rollbackOf !== undefined && (
					<>
						<dt>Rolls back</dt>
						<dd>
							<code>{deployment.rollbackOf}</code>
						</dd>
					</>
				)}
				{deployment.error !== undefined && (
					<>
						<dt>Error code</dt>
						<dd>
							<code>{deployment.error.code}</code>
						</dd>
					</>
				)}
			</dl>
			{assets.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Asset</th>
								<th scope="col">Open Cloud operation id</th>
								<th scope="col">Roblox asset id</th>
							</tr>
						</thead>
						<tbody>
							{assets.map((asset) => (
								<tr key={asset.name}>
									<th scope="row">{asset.name}</th>
									<td>{asset.operationId === undefined ? "—" : <code data-testid="operation-id">{asset.operationId}</code>}</td>
									<td>{asset.assetId === undefined ? "—" : <code>{asset.assetId}</code>}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</details>
	);
}
