import { useCallback, useEffect, useState } from "react";
import type { Environment } from "@toolboxai/shared";
import { listEnvironments } from "../api/deployments";
import { ApiError, describeError } from "../api/errors";
import { useAuth } from "../auth";
import { Alert, Loading, Notice, Page } from "../components/page";
import { EnvironmentCard } from "./deployments/environment-card";
import { EnvironmentForm } from "./deployments/environment-form";

/** Deployment environments and their deployments (issue 6). Teachers see them; school administrators change them. */
export function DeploymentsPage() {
	const { state } = useAuth();
	const roles = state.status === "signed-in" ? state.me.roles : [];
	const canManage = roles.includes("tenant_admin") || roles.includes("platform_admin");
	const [environments, setEnvironments] = useState<Environment[] | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [notice, setNotice] = useState<string | undefined>();

	const reload = useCallback(
		() =>
			listEnvironments()
				.then((items) => {
					setEnvironments(items);
					setError(undefined);
				})
				.catch((caught: unknown) => setError(caught instanceof ApiError && caught.status === 403 ? "Only teachers and school administrators can see deployments." : describeError(caught))),
		[],
	);
	useEffect(() => {
		void reload();
	}, [reload]);

	const saved = (what: string) => {
		void reload().then(() => setNotice(what));
	};

	return (
		<Page title="Deployments" wide>
			<p className="lead">
				Where your school's Roblox experience is deployed. CI deploys with <code>npx toolboxai deploy --env &lt;name&gt;</code> and an API key with the{" "}
				<code>deployments:write</code> scope.
			</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{canManage && <EnvironmentForm onSaved={(environment) => saved(`Environment “${environment.name}” added${environment.mode === "live" ? " with its key checked" : " (dry run)"}.`)} />}
			<h2>Environments</h2>
			{environments === undefined && error === undefined && <Loading label="Loading environments…" />}
			{environments !== undefined && environments.length === 0 && <p className="muted">No environments yet.</p>}
			{environments?.map((environment) => (
				<EnvironmentCard
					key={environment.id}
					environment={environment}
					canManage={canManage}
					onChanged={(changed) => saved(`Environment “${changed.name}” saved.`)}
					onDeleted={() => saved(`Environment “${environment.name}” deleted.`)}
				/>
			))}
		</Page>
	);
}
