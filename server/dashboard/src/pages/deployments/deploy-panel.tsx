import type { DeploymentPlan, Release } from "@toolboxai/shared";
import { useState } from "react";
import { deployRelease, listReleases, planRelease } from "../../api/deployments";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { navigate } from "../../router";

function releaseLabel(release: Release): string {
	return `#${release.number}${release.notes === undefined ? "" : ` — ${release.notes}`} (${formatTime(release.createdAt)})`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The plan in sentences: what deploying changes in this environment, and what would stop it. */
function PlanSummary({ plan, environment }: { plan: DeploymentPlan; environment: string }) {
	const lines: string[] = [];
	if (plan.mode === "dry_run") lines.push("Dry run: the environment has no Open Cloud key, so nothing is sent to Roblox; ToolBoxAI records what it would send.");
	if (plan.upToDate) lines.push(`${environment} already runs exactly this release: deploying changes nothing unless you deploy it again anyway.`);
	if (plan.uploads.length > 0) lines.push(`Upload ${plural(plan.uploads.length, "new asset", "new assets")} to Roblox: ${plan.uploads.map((u) => u.name).join(", ")}.`);
	if (plan.reused.length > 0) lines.push(`Reuse ${plural(plan.reused.length, "asset", "assets")} Roblox already has.`);
	if (plan.publish !== undefined) lines.push(`Publish the place file (${Math.ceil(plan.publish.size / 1024)} KB) as a new version.`);
	if (plan.content !== undefined) lines.push(`Send ${plural(plan.content.lessons.length, "lesson version", "lesson versions")} and the asset list to live games.`);
	if (plan.message !== undefined) lines.push("Tell running game servers about the new release.");
	return (
		<div data-testid="deploy-plan">
			<h5>What this deploy does</h5>
			<ul>
				{lines.map((line) => (
					<li key={line}>{line}</li>
				))}
			</ul>
			{plan.problems.length > 0 && (
				<Alert>
					It cannot be deployed:
					<ul>
						{plan.problems.map((problem) => (
							<li key={problem}>{problem}</li>
						))}
					</ul>
				</Alert>
			)}
		</div>
	);
}

/**
 * Deploy from the dashboard: choose a ready release, read the plan (the same plan as the CLI's --plan), confirm;
 * the deployment's own page opens and follows it.
 */
function DeployForm({ environment, onCancel }: { environment: string; onCancel: () => void }) {
	const releases = useLoad(async () => (await listReleases()).filter((release) => release.status === "ready"), []);
	const [releaseId, setReleaseId] = useState("");
	const [plan, setPlan] = useState<DeploymentPlan | undefined>();
	const [force, setForce] = useState(false);
	const action = useAction();
	const chosen = releases.data?.find((release) => release.id === releaseId);
	const selectId = `deploy-release-${environment}`;

	const showPlan = () =>
		action.run(async () => {
			setPlan(await planRelease(environment, releaseId));
			setForce(false);
		}, "plan");
	const deploy = () =>
		action.run(async () => {
			const started = await deployRelease(environment, releaseId, force);
			navigate(`/deployments/${started.id}`);
		}, "deploy");

	return (
		<fieldset className="card deploy" aria-label={`Deploy a release to ${environment}`}>
			<legend>Deploy a release to {environment}</legend>
			{(releases.error ?? action.error) !== undefined && <Alert>{releases.error ?? action.error}</Alert>}
			{releases.loading && <Loading label="Loading releases…" />}
			{releases.data !== undefined && releases.data.length === 0 && (
				<p className="muted">
					No release is ready yet: declare one with <code>npx toolboxai deploy --env {environment}</code>, which uploads its files.
				</p>
			)}
			{releases.data !== undefined && releases.data.length > 0 && (
				<div className="field">
					<label htmlFor={selectId}>Release</label>
					<select
						id={selectId}
						value={releaseId}
						onChange={(e) => {
							setReleaseId(e.target.value);
							setPlan(undefined);
						}}
					>
						<option value="">Choose a release…</option>
						{releases.data.map((release) => (
							<option key={release.id} value={release.id}>
								{releaseLabel(release)}
							</option>
						))}
					</select>
				</div>
			)}
			{plan !== undefined && <PlanSummary plan={plan} environment={environment} />}
			{plan?.upToDate === true && (
				<label className="choice">
					<input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
					Deploy it again anyway
				</label>
			)}
			<div className="actions">
				{plan === undefined ? (
					<button type="button" className="button primary" disabled={chosen === undefined || action.busy} onClick={() => void showPlan()}>
						{action.running === "plan" ? "Planning…" : "Show the plan"}
					</button>
				) : (
					<button
						type="button"
						className="button primary"
						disabled={chosen === undefined || action.busy || plan.problems.length > 0 || (plan.upToDate && !force)}
						onClick={() => void deploy()}
					>
						{action.running === "deploy" ? "Starting…" : `Deploy release #${chosen?.number ?? ""} to ${environment}`}
					</button>
				)}
				<button type="button" className="button" disabled={action.busy} onClick={onCancel}>
					Cancel
				</button>
			</div>
		</fieldset>
	);
}

/** The Deploy button of an environment, opening the form. */
export function DeployPanel({ environment }: { environment: string }) {
	const [open, setOpen] = useState(false);
	if (open) return <DeployForm environment={environment} onCancel={() => setOpen(false)} />;
	return (
		<div className="actions">
			<button type="button" className="button primary" onClick={() => setOpen(true)} aria-label={`Deploy a release to ${environment}`}>
				Deploy…
			</button>
		</div>
	);
}
