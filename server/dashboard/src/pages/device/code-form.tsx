import { useState, type FormEvent } from "react";
import { Alert } from "../../components/page";
import { navigate } from "../../router";
import { normaliseUserCode } from "./user-code";

/** The code Roblox Studio shows, typed by hand: it becomes /device?code=…, the link the plugin would have opened. */
export function CodeForm({ initial }: { initial: string }) {
	const [code, setCode] = useState(initial);
	const [error, setError] = useState<string | undefined>();
	const submit = (event: FormEvent) => {
		event.preventDefault();
		const normalised = normaliseUserCode(code);
		if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(normalised)) {
			setError("Enter the 8-character code Roblox Studio shows, like BDFG-HJKL.");
			return;
		}
		navigate(`/device?code=${encodeURIComponent(normalised)}`);
	};
	return (
		<form className="form" onSubmit={submit} noValidate>
			{error !== undefined && <Alert id="code-error">{error}</Alert>}
			<div className="field">
				<label htmlFor="user-code">Code shown in Roblox Studio</label>
				<input
					id="user-code"
					name="code"
					autoComplete="off"
					autoCapitalize="characters"
					spellCheck={false}
					className="code-input"
					value={code}
					onChange={(e) => setCode(e.target.value)}
					aria-invalid={error !== undefined}
					aria-describedby={error !== undefined ? "code-error" : undefined}
				/>
			</div>
			<button type="submit" className="button primary">
				Continue
			</button>
		</form>
	);
}
