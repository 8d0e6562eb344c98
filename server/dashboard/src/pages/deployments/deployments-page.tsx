import { useState } from "react";
import { listEnvironments } from "../../api/deployments";
import { ApiError, describeError } from "../../api/errors";
import { useAuth } from "../../auth";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { EnvironmentCard } from "./environment-card";
import { EnvironmentForm } from "./environment-form";

function listRefusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only teachers and school administrators can see deployments." : describeError(caught);
}

/** Deployment environments and their deployments. Teachers see them; school administrators change them. */
export function DeploymentsPage() {
	const { state } = useAuth();
	const roles = state.status === "signed-in" ? state.me.roles : [];
	const canManage = roles.includes("tenant_admin") || roles.includes("platform_admin");
	const environments = useLoad(listEnvironments, [], listRefusal);
	const [notice, setNotice] = useState<string | undefined>();

	const saved = (what: string) => {
		void environments.reload().then(() => setNotice(what));
	};

	return (
		<Page title="Deployments" wide>
			<p className="lead">
				Where your school's Roblox experience is deployed. CI deploys with <code>npx toolboxai deploy --env &lt;name&gt;</code> and an API key with the{" "}
				<code>deployments:write</code> scope.
			</p>
			{environments.error !== undefined && <Alert>{environments.error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{canManage && (
				<EnvironmentForm onSaved={(environment) => saved(`Environment “${environment.name}” added${environment.mode === "live" ? " with its key checked" : " (dry run)"}.`)} />
			)}
			<h2>Environments</h2>
			{environments.loading && <Loading label="Loading environments…" />}
			{environments.data !== undefined && environments.data.length === 0 && <p className="muted">No environments yet.</p>}
			{environments.data?.map((environment) => (
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
