import type { Environment } from "@toolboxai/shared";
import { formatTime } from "../../format";
import { missingScopeWords, scopeReach } from "./scope-words";

/** What introspection said about the environment's key when it was saved; the key itself is never here. */
export function KeyStatus({ environment }: { environment: Environment }) {
	const key = environment.openCloudKey;
	if (!key.configured) {
		return (
			<p className="muted" data-testid="key-status">
				No Open Cloud API key: deploys to {environment.name} are dry runs (ToolBoxAI records the exact requests and sends nothing to Roblox).
			</p>
		);
	}
	const expired = key.expiresAt !== undefined && Date.parse(key.expiresAt) < Date.now();
	return (
		<div data-testid="key-status">
			<dl className="facts">
				<dt>Key</dt>
				<dd>
					<code data-testid="key-last-four">…{key.lastFour ?? "????"}</code>
					{key.name !== undefined && <> “{key.name}”</>}
					{key.ownerUserId !== undefined && <> · owner: Roblox user {key.ownerUserId}</>}
				</dd>
				<dt>Expires</dt>
				<dd>
					{key.expiresAt === undefined ? "no expiry set (unused keys expire after 60 days)" : `${formatTime(key.expiresAt)}${expired ? " — expired: save a renewed key" : ""}`}
				</dd>
				<dt>Checked</dt>
				<dd>{formatTime(key.checkedAt)}</dd>
			</dl>
			<p>
				<strong>What the key can do</strong>
			</p>
			{key.scopes.length === 0 ? (
				<p className="muted">No scopes.</p>
			) : (
				<ul className="scopes">
					{key.scopes.map((scope) => (
						<li key={scope.name}>
							<code>{scope.name}</code>: {scopeReach(scope)}
						</li>
					))}
				</ul>
			)}
			{key.missingScopes.length === 0 ? (
				<p className="ok-note">The key can do everything a deploy needs.</p>
			) : (
				<div className="warning" role="note" aria-label="Missing permissions">
					<p>
						<strong>Deploys to {environment.name} will fail</strong> until the key is allowed to:
					</p>
					<ul data-testid="missing-scopes">
						{key.missingScopes.map((scope) => {
							const words = missingScopeWords(scope);
							return (
								<li key={scope}>
									{words.does} — add <strong>{words.grant}</strong> for experience {environment.universeId}
								</li>
							);
						})}
					</ul>
					<p>Change the key's permissions in Creator Dashboard → Open Cloud → API Keys, then save the key here again.</p>
				</div>
			)}
		</div>
	);
}
