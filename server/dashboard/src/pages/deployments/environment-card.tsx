import { useState } from "react";
import type { Environment } from "@toolboxai/shared";
import { deleteEnvironment } from "../../api/deployments";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { DeployPanel } from "./deploy-panel";
import { DeploymentHistory } from "./deployment-history";
import { EnvironmentForm } from "./environment-form";
import { KeyStatus } from "./key-status";

/** One environment: where it deploys, its key's status, its recent deployments; edit and delete for admins. */
export function EnvironmentCard({
	environment,
	canManage,
	onChanged,
	onDeleted,
}: {
	environment: Environment;
	canManage: boolean;
	onChanged: (saved: Environment) => void;
	onDeleted: () => void;
}) {
	const [editing, setEditing] = useState(false);
	const [confirming, setConfirming] = useState(false);
	const removal = useAction();
	const headingId = `environment-${environment.id}`;

	const remove = async () => {
		const failure = await removal.run(async () => {
			await deleteEnvironment(environment.id);
			onDeleted();
		});
		// A refused delete closes the confirmation; the alert above says why.
		if (failure !== undefined) setConfirming(false);
	};

	if (editing) {
		return (
			<EnvironmentForm
				environment={environment}
				onSaved={(saved) => {
					setEditing(false);
					onChanged(saved);
				}}
				onCancel={() => setEditing(false)}
			/>
		);
	}
	return (
		<article className="card environment" aria-labelledby={headingId} data-testid="environment">
			<h3 id={headingId}>
				{environment.name} <span className={`badge mode-${environment.mode}`}>{environment.mode === "live" ? "Live" : "Dry run"}</span>
			</h3>
			{removal.error !== undefined && <Alert>{removal.error}</Alert>}
			<dl className="facts">
				<dt>Universe</dt>
				<dd>
					<code>{environment.universeId}</code>
				</dd>
				<dt>Place</dt>
				<dd>
					<code>{environment.placeId}</code>
				</dd>
				<dt>Assets for</dt>
				<dd>{environment.groupId === undefined ? "the key's owner" : `group ${environment.groupId}`}</dd>
			</dl>
			<h4>Open Cloud key</h4>
			<KeyStatus environment={environment} />
			{canManage && (
				<div className="actions">
					<button type="button" className="button" onClick={() => setEditing(true)} aria-label={`Edit ${environment.name}`}>
						Edit
					</button>
					{confirming ? (
						<fieldset className="confirm" aria-label={`Confirm deleting ${environment.name}`}>
							<span>Its key is discarded; its deployment history stays.</span>
							<button type="button" className="button danger" disabled={removal.busy} onClick={() => void remove()}>
								{removal.busy ? "Deleting…" : "Delete environment"}
							</button>
							<button type="button" className="button" disabled={removal.busy} onClick={() => setConfirming(false)}>
								Cancel
							</button>
						</fieldset>
					) : (
						<button type="button" className="button" onClick={() => setConfirming(true)} aria-label={`Delete ${environment.name}`}>
							Delete
						</button>
					)}
				</div>
			)}
			{canManage && <DeployPanel environment={environment.name} />}
			<DeploymentHistory environment={environment.name} canManage={canManage} />
		</article>
	);
}
