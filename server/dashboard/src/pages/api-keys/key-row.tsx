import { useState } from "react";
import { API_KEY_SCOPES, type ApiKeySummary } from "@toolboxai/shared";
import { revokeApiKey } from "../../api/identity";
import { Alert } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";

/** One key in the table; Revoke asks to confirm first, because game servers using the key stop at once. */
export function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKeySummary; onRevoked: () => void }) {
	const [confirming, setConfirming] = useState(false);
	const revoke = useAction();
	const confirmRevoke = () =>
		revoke.run(async () => {
			await revokeApiKey(apiKey.id);
			setConfirming(false);
			onRevoked();
		});
	const revoked = apiKey.revokedAt !== undefined;
	return (
		<tr className={revoked ? "revoked" : undefined}>
			<th scope="row">{apiKey.name}</th>
			<td>
				<code data-testid="key-prefix">{apiKey.prefix}…</code>
			</td>
			<td>{API_KEY_SCOPES.filter((scope) => apiKey.scopes.includes(scope)).join(", ")}</td>
			<td>{apiKey.universeId ?? "any"}</td>
			<td>{formatTime(apiKey.createdAt)}</td>
			<td>{apiKey.lastUsedAt === undefined ? "never" : formatTime(apiKey.lastUsedAt)}</td>
			<td>
				{revoked ? (
					<span className="badge">Revoked {formatTime(apiKey.revokedAt)}</span>
				) : confirming ? (
					<fieldset className="confirm" aria-label={`Confirm revoking ${apiKey.name}`}>
						<span>Game servers using this key stop working at once.</span>
						<button type="button" className="button danger" disabled={revoke.busy} onClick={() => void confirmRevoke()}>
							{revoke.busy ? "Revoking…" : "Revoke key"}
						</button>
						<button type="button" className="button" disabled={revoke.busy} onClick={() => setConfirming(false)}>
							Cancel
						</button>
						{revoke.error !== undefined && <Alert>{revoke.error}</Alert>}
					</fieldset>
				) : (
					<button type="button" className="button" onClick={() => setConfirming(true)} aria-label={`Revoke ${apiKey.name}`}>
						Revoke
					</button>
				)}
			</td>
		</tr>
	);
}
