import { useRef, useState } from "react";
import type { ApiKeyCreatedReply } from "../../api/identity";

/** The new key's secret, shown this once with a copy button: the service keeps only a hash. */
export function NewSecret({ created, onDone }: { created: ApiKeyCreatedReply; onDone: () => void }) {
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
		<section className="card secret-card" aria-labelledby="secret-title">
			<h2 id="secret-title">Key “{created.apiKey.name}” created</h2>
			<p className="warning">
				<strong>Copy this secret now.</strong> It is shown only this once; ToolBoxAI keeps only a hash. Store it in the experience's secrets (Creator Hub → your experience →
				Secrets) under the name <code>toolboxai_api_key</code>, with this service's domain; the ToolBoxAI game modules read it with <code>HttpService:GetSecret</code>.
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
		</section>
	);
}
