import { useState } from "react";
import { ApiError, describeError } from "../../api/errors";
import { listApiKeys, type ApiKeyCreatedReply } from "../../api/identity";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { CreateKeyForm } from "./create-key-form";
import { KeyRow } from "./key-row";
import { NewSecret } from "./new-secret";

function listRefusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators can manage API keys." : describeError(caught);
}

export function ApiKeysPage() {
	const keys = useLoad(listApiKeys, [], listRefusal);
	const [created, setCreated] = useState<ApiKeyCreatedReply | undefined>();
	const [revokedName, setRevokedName] = useState<string | undefined>();

	return (
		<Page title="API keys" wide>
			<p className="lead">Game servers use an API key to talk to ToolBoxAI. Make one key per experience and environment.</p>
			{keys.error !== undefined && <Alert>{keys.error}</Alert>}
			{revokedName !== undefined && <Notice>Key “{revokedName}” revoked.</Notice>}
			{created !== undefined ? (
				<NewSecret created={created} onDone={() => setCreated(undefined)} />
			) : (
				<CreateKeyForm
					onCreated={(reply) => {
						setCreated(reply);
						setRevokedName(undefined);
						void keys.reload();
					}}
				/>
			)}
			<h2>Keys</h2>
			{keys.loading && <Loading label="Loading keys…" />}
			{keys.data !== undefined && keys.data.length === 0 && <p className="muted">No keys yet.</p>}
			{keys.data !== undefined && keys.data.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col">Key starts with</th>
								<th scope="col">Scopes</th>
								<th scope="col">Universe</th>
								<th scope="col">Created</th>
								<th scope="col">Last used</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{keys.data.map((apiKey) => (
								<KeyRow
									key={apiKey.id}
									apiKey={apiKey}
									onRevoked={() => {
										// Announce once the list shows it, so what is read out matches what is on screen.
										void keys.reload().then(() => setRevokedName(apiKey.name));
									}}
								/>
							))}
						</tbody>
					</table>
				</div>
			)}
		</Page>
	);
}
