import { useState, type FormEvent } from "react";
import type { Environment, EnvironmentCreateRequest, EnvironmentUpdateRequest } from "@toolboxai/shared";
import { createEnvironment, updateEnvironment } from "../../api/deployments";
import { ApiError, describeError, fieldProblem } from "../../api/errors";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { TextField } from "./text-field";

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

type Field = "name" | "universeId" | "placeId" | "groupId" | "openCloudApiKey";
type Problems = Partial<Record<Field | "form", string>>;

function robloxId(text: string, optional: boolean): number | undefined | "bad" {
	const trimmed = text.trim();
	if (trimmed === "") return optional ? undefined : "bad";
	if (!/^\d{1,18}$/.test(trimmed)) return "bad";
	const value = Number(trimmed);
	return Number.isSafeInteger(value) && value >= 1 ? value : "bad";
}

/** The service's refusal, placed on the field it concerns. */
function problemsFrom(error: unknown): Problems {
	if (error instanceof ApiError) {
		if (error.code === "open_cloud_key_rejected") return { openCloudApiKey: error.message };
		if (error.code === "conflict") return { name: error.message };
		if (error.code === "validation_failed") {
			const found: Problems = {};
			for (const field of ["name", "universeId", "placeId", "groupId", "openCloudApiKey"] as const) {
				const problem = fieldProblem(error, `/${field}`);
				if (problem !== undefined) found[field] = field === "name" ? "Use 1 to 32 lower-case letters, digits and dashes (e.g. staging)." : problem;
			}
			if (Object.keys(found).length > 0) return found;
		}
		if (error.status === 403) return { form: "Only school administrators can change deployment environments." };
	}
	return { form: describeError(error) };
}

/**
 * Create (no `environment`) or edit an environment. The key field is write-only: it starts empty, a new key is
 * checked by the service with Roblox before anything is saved, and the stored key is never sent back.
 */
export function EnvironmentForm({ environment, onSaved, onCancel }: { environment?: Environment; onSaved: (saved: Environment) => void; onCancel?: () => void }) {
	const editing = environment !== undefined;
	const prefix = editing ? `env-${environment.id.slice(0, 8)}` : "new-env";
	const [name, setName] = useState(environment?.name ?? "");
	const [universe, setUniverse] = useState(environment === undefined ? "" : String(environment.universeId));
	const [place, setPlace] = useState(environment === undefined ? "" : String(environment.placeId));
	const [group, setGroup] = useState(environment?.groupId === undefined ? "" : String(environment.groupId));
	const [key, setKey] = useState("");
	const [removeKey, setRemoveKey] = useState(false);
	const save = useAction(problemsFrom);
	const problems = save.error ?? {};

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		const found: Problems = {};
		const trimmedName = name.trim();
		if (!NAME.test(trimmedName)) found.name = "Use 1 to 32 lower-case letters, digits and dashes (e.g. staging).";
		const universeId = robloxId(universe, false);
		if (universeId === "bad" || universeId === undefined) found.universeId = "A universe id is a positive whole number (Creator Hub → your experience → Universe ID).";
		const placeId = robloxId(place, false);
		if (placeId === "bad" || placeId === undefined) found.placeId = "A place id is a positive whole number (the start place's id).";
		const groupId = robloxId(group, true);
		if (groupId === "bad") found.groupId = "A group id is a positive whole number, or leave it empty.";
		save.setError(found);
		if (Object.keys(found).length > 0 || typeof universeId !== "number" || typeof placeId !== "number" || groupId === "bad") return;
		await save.run(async () => {
			let saved: Environment;
			if (environment === undefined) {
				const request: EnvironmentCreateRequest = {
					name: trimmedName,
					universeId,
					placeId,
					...(groupId === undefined ? {} : { groupId }),
					...(key.trim() === "" ? {} : { openCloudApiKey: key.trim() }),
				};
				saved = await createEnvironment(request);
			} else {
				const request: EnvironmentUpdateRequest = {
					...(trimmedName === environment.name ? {} : { name: trimmedName }),
					...(universeId === environment.universeId ? {} : { universeId }),
					...(placeId === environment.placeId ? {} : { placeId }),
					...(groupId === environment.groupId ? {} : { groupId: groupId ?? 0 }),
					...(removeKey ? { openCloudApiKey: "" } : key.trim() === "" ? {} : { openCloudApiKey: key.trim() }),
				};
				saved = await updateEnvironment(environment.id, request);
			}
			setKey("");
			setRemoveKey(false);
			if (!editing) {
				setName("");
				setUniverse("");
				setPlace("");
				setGroup("");
			}
			onSaved(saved);
		});
	};

	const title = editing ? `Edit ${environment.name}` : "Add an environment";
	return (
		<form className="form card" onSubmit={submit} noValidate aria-labelledby={`${prefix}-title`}>
			<h2 id={`${prefix}-title`}>{title}</h2>
			{problems.form !== undefined && <Alert>{problems.form}</Alert>}
			<TextField
				id={`${prefix}-name`}
				label="Name"
				value={name}
				onChange={setName}
				problem={problems.name}
				help="e.g. staging or production: the name CI deploys to (toolboxai deploy --env staging)."
			/>
			<TextField id={`${prefix}-universe`} label="Universe id" value={universe} onChange={setUniverse} problem={problems.universeId} numeric />
			<TextField id={`${prefix}-place`} label="Place id" value={place} onChange={setPlace} problem={problems.placeId} numeric help="The place the game is published to." />
			<TextField
				id={`${prefix}-group`}
				label="Group id (optional)"
				value={group}
				onChange={setGroup}
				problem={problems.groupId}
				numeric
				help="Assets are created for this group; empty: for the key's owner."
			/>
			<TextField
				id={`${prefix}-key`}
				label={editing ? "New Open Cloud API key" : "Open Cloud API key (optional)"}
				type="password"
				autoComplete="new-password"
				value={key}
				onChange={(value) => {
					setKey(value);
					if (value !== "") setRemoveKey(false);
				}}
				problem={problems.openCloudApiKey}
				help={
					editing
						? "Leave empty to keep the current key. ToolBoxAI checks a new key with Roblox before saving it, stores it encrypted and never shows it again."
						: "Without a key, deploys are dry runs: ToolBoxAI records exactly what it would send to Roblox. A key is checked with Roblox before it is saved, stored encrypted and never shown again."
				}
			/>
			{editing && environment.openCloudKey.configured && (
				<label className="choice">
					<input
						type="checkbox"
						checked={removeKey}
						onChange={(e) => {
							setRemoveKey(e.target.checked);
							if (e.target.checked) setKey("");
						}}
					/>
					Remove the key (deploys become dry runs)
				</label>
			)}
			<div className="actions">
				<button type="submit" className="button primary" disabled={save.busy}>
					{save.busy ? (key.trim() === "" ? "Saving…" : "Checking the key with Roblox…") : editing ? "Save changes" : "Add environment"}
				</button>
				{onCancel !== undefined && (
					<button type="button" className="button" onClick={onCancel} disabled={save.busy}>
						Cancel
					</button>
				)}
			</div>
		</form>
	);
}
