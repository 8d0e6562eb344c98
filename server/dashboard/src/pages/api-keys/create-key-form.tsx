import { useState, type FormEvent } from "react";
import { API_KEY_SCOPES, type ApiKeyScope } from "@toolboxai/shared";
import { ApiError, describeError } from "../../api/errors";
import { createApiKey, type ApiKeyCreatedReply } from "../../api/identity";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";

const SCOPE_HELP: Record<ApiKeyScope, string> = {
	"runtime:read": "read lesson content",
	"classes:join": "join students to classes",
	"progress:write": "record student progress",
	"deployments:write": "report deployments",
};
const DEFAULT_SCOPES: ApiKeyScope[] = ["runtime:read", "classes:join", "progress:write"];

type Problems = { name?: string; universe?: string; scopes?: string; form?: string };

function refusal(caught: unknown): Problems {
	return { form: caught instanceof ApiError && caught.status === 403 ? "Only school administrators can create API keys." : describeError(caught) };
}

export function CreateKeyForm({ onCreated }: { onCreated: (created: ApiKeyCreatedReply) => void }) {
	const [name, setName] = useState("");
	const [universe, setUniverse] = useState("");
	const [scopes, setScopes] = useState<ApiKeyScope[]>(DEFAULT_SCOPES);
	const create = useAction(refusal);
	const errors = create.error ?? {};

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		const found: Problems = {};
		const trimmed = name.trim();
		if (trimmed === "") found.name = "Give the key a name, e.g. the experience and environment.";
		else if (trimmed.length > 80) found.name = "Use at most 80 characters.";
		let universeId: number | undefined;
		if (universe.trim() !== "") {
			universeId = Number(universe.trim());
			if (!Number.isSafeInteger(universeId) || universeId < 1) found.universe = "A universe id is a positive whole number (Creator Hub → experience → Universe ID).";
		}
		if (scopes.length === 0) found.scopes = "Choose at least one scope.";
		create.setError(found);
		if (Object.keys(found).length > 0) return;
		await create.run(async () => {
			onCreated(await createApiKey({ name: trimmed, scopes, ...(universeId === undefined ? {} : { universeId }) }));
			setName("");
			setUniverse("");
			setScopes(DEFAULT_SCOPES);
		});
	};

	const toggle = (scope: ApiKeyScope, on: boolean) =>
		setScopes((current) => (on ? API_KEY_SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope)));

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
			<button type="submit" className="button primary" disabled={create.busy}>
				{create.busy ? "Creating…" : "Create key"}
			</button>
		</form>
	);
}
