import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeySummary } from "@toolboxai/shared";
import { ApiError, describeError } from "../api/errors";
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyCreatedReply } from "../api/identity";
import { Alert, Loading, Notice, Page } from "../components/page";
import { formatTime } from "../format";

const SCOPE_HELP: Record<ApiKeyScope, string> = {
	"runtime:read": "read lesson content",
	"classes:join": "join students to classes",
	"progress:write": "record student progress",
	"deployments:write": "report deployments",
};
const DEFAULT_SCOPES: ApiKeyScope[] = ["runtime:read", "classes:join", "progress:write"];

function NewSecret({ created, onDone }: { created: ApiKeyCreatedReply; onDone: () => void }) {
	const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
	const field = useRef<HTMLInputElement>(null);
	const copy = async () => {
		try {
			await navigator.clipboard.writeText(created.secret);
			setCopied("yes");
		} catch {
			// Clipboard access can be refused (permissions, plain http): select the text for Ctrl+C instead.
			field.current?.select();
			setCopied("failed");
		}
	};
	return (
		<div className="card secret-card" role="region" aria-labelledby="secret-title">
			<h2 id="secret-title">Key “{created.apiKey.name}” created</h2>
			<p className="warning">
				<strong>Copy this secret now.</strong> It is shown only this once; ToolBoxAI keeps only a hash. Store it in the experience's secrets
				(Creator Hub → your experience → Secrets) under the name <code>toolboxai_api_key</code>, with this service's domain; the
				ToolBoxAI game modules read it with <code>HttpService:GetSecret</code>.
			</p>
			<div className="field">
				<label htmlFor="new-secret">Secret</label>
				<div className="secret-row">
					<input id="new-secret" ref={field} readOnly value={created.secret} className="code" onFocus={(e) => e.currentTarget.select()} />
					<button type="button" className="button" onClick={() => void copy()}>
						Copy
					</button>
				</div>
			</div>
			<p role="status" aria-live="polite" className="muted">
				{copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Could not copy: the secret is selected, press Ctrl+C." : ""}
			</p>
			<button type="button" className="button primary" onClick={onDone}>
				I have stored the secret
			</button>
		</div>
	);
}

function CreateKeyForm({ onCreated }: { onCreated: (created: ApiKeyCreatedReply) => void }) {
	const [name, setName] = useState("");
	const [universe, setUniverse] = useState("");
	const [scopes, setScopes] = useState<ApiKeyScope[]>(DEFAULT_SCOPES);
	const [errors, setErrors] = useState<{ name?: string; universe?: string; scopes?: string; form?: string }>({});
	const [busy, setBusy] = useState(false);

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		const found: typeof errors = {};
		const trimmed = name.trim();
		if (trimmed === "") found.name = "Give the key a name, e.g. the experience and environment.";
		else if (trimmed.length > 80) found.name = "Use at most 80 characters.";
		let universeId: number | undefined;
		if (universe.trim() !== "") {
			universeId = Number(universe.trim());
			if (!Number.isSafeInteger(universeId) || universeId < 1) found.universe = "A universe id is a positive whole number (Creator Hub → experience → Universe ID).";
		}
		if (scopes.length === 0) found.scopes = "Choose at least one scope.";
		setErrors(found);
		if (Object.keys(found).length > 0) return;
		setBusy(true);
		try {
			onCreated(await createApiKey({ name: trimmed, scopes, ...(universeId === undefined ? {} : { universeId }) }));
			setName("");
			setUniverse("");
			setScopes(DEFAULT_SCOPES);
		} catch (error) {
			setErrors({ form: error instanceof ApiError && error.status === 403 ? "Only school administrators can create API keys." : describeError(error) });
		} finally {
			setBusy(false);
		}
	};

	const toggle = (scope: ApiKeyScope, on: boolean) => setScopes((current) => (on ? API_KEY_SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope)));

	return (
		<form className="form card" onSubmit={submit} noValidate aria-labelledby="create-title">
			<h2 id="create-title">Create a key</h2>
			{errors.form !== undefined && <Alert>{errors.form}</Alert>}
			<div className="field">
				<label htmlFor="key-name">Name</label>
				<input
					id="key-name"
					value={name}
					maxLength={80}
					onChange={(e) => setName(e.target.value)}
					aria-invalid={errors.name !== undefined}
					aria-describedby={errors.name !== undefined ? "key-name-error" : undefined}
				/>
				{errors.name !== undefined && (
					<p className="field-error" id="key-name-error" role="alert">
						{errors.name}
					</p>
				)}
			</div>
			<div className="field">
				<label htmlFor="key-universe">Universe id (optional)</label>
				<input
					id="key-universe"
					inputMode="numeric"
					value={universe}
					onChange={(e) => setUniverse(e.target.value)}
					aria-invalid={errors.universe !== undefined}
					aria-describedby={errors.universe !== undefined ? "key-universe-error" : "key-universe-help"}
				/>
				<p className="help" id="key-universe-help">
					Limits the key to one Roblox experience.
				</p>
				{errors.universe !== undefined && (
					<p className="field-error" id="key-universe-error" role="alert">
						{errors.universe}
					</p>
				)}
			</div>
			<fieldset className="field" aria-describedby={errors.scopes !== undefined ? "key-scopes-error" : undefined}>
				<legend>Scopes</legend>
				{API_KEY_SCOPES.map((scope) => (
					<label key={scope} className="choice">
						<input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
						<code>{scope}</code> <span className="muted">— {SCOPE_HELP[scope]}</span>
					</label>
				))}
				{errors.scopes !== undefined && (
					<p className="field-error" id="key-scopes-error" role="alert">
						{errors.scopes}
					</p>
				)}
			</fieldset>
			<button type="submit" className="button primary" disabled={busy}>
				{busy ? "Creating…" : "Create key"}
			</button>
		</form>
	);
}

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKeySummary; onRevoked: () => void }) {
	const [confirming, setConfirming] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string | undefined>();
	const revoke = async () => {
		setBusy(true);
		setError(undefined);
		try {
			await revokeApiKey(apiKey.id);
			setConfirming(false);
			onRevoked();
		} catch (caught) {
			setError(describeError(caught));
		} finally {
			setBusy(false);
		}
	};
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
					<div className="confirm" role="group" aria-label={`Confirm revoking ${apiKey.name}`}>
						<span>Game servers using this key stop working at once.</span>
						<button type="button" className="button danger" disabled={busy} onClick={() => void revoke()}>
							{busy ? "Revoking…" : "Revoke key"}
						</button>
						<button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
							Cancel
						</button>
						{error !== undefined && <Alert>{error}</Alert>}
					</div>
				) : (
					<button type="button" className="button" onClick={() => setConfirming(true)} aria-label={`Revoke ${apiKey.name}`}>
						Revoke
					</button>
				)}
			</td>
		</tr>
	);
}

export function ApiKeysPage() {
	const [keys, setKeys] = useState<ApiKeySummary[] | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [created, setCreated] = useState<ApiKeyCreatedReply | undefined>();
	const [revokedName, setRevokedName] = useState<string | undefined>();

	const reload = useCallback(
		() =>
			listApiKeys()
				.then((items) => {
					setKeys(items);
					setError(undefined);
				})
				.catch((caught: unknown) => setError(caught instanceof ApiError && caught.status === 403 ? "Only school administrators can manage API keys." : describeError(caught))),
		[],
	);
	useEffect(() => {
		void reload();
	}, [reload]);

	return (
		<Page title="API keys" wide>
			<p className="lead">Game servers use an API key to talk to ToolBoxAI. Make one key per experience and environment.</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{revokedName !== undefined && <Notice>Key “{revokedName}” revoked.</Notice>}
			{created !== undefined ? (
				<NewSecret created={created} onDone={() => setCreated(undefined)} />
			) : (
				<CreateKeyForm
					onCreated={(reply) => {
						setCreated(reply);
						setRevokedName(undefined);
						void reload();
					}}
				/>
			)}
			<h2>Keys</h2>
			{keys === undefined && error === undefined && <Loading label="Loading keys…" />}
			{keys !== undefined && keys.length === 0 && <p className="muted">No keys yet.</p>}
			{keys !== undefined && keys.length > 0 && (
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
							{keys.map((apiKey) => (
								<KeyRow
									key={apiKey.id}
									apiKey={apiKey}
									onRevoked={() => {
										// Announce once the list shows it, so what is read out matches what is on screen.
										void reload().then(() => setRevokedName(apiKey.name));
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
