import { useState } from "react";
import { fetchMailPreview, type MailTemplateView } from "../../api/mail";
import { Alert, Loading } from "../../components/page";
import { useLoad } from "../../hooks/use-load";

/** Every template, previewed with its sample data and your school's name, as HTML and as plain text. */
export function TemplatesSection({ templates }: { templates: ReadonlyArray<MailTemplateView> }) {
	const [name, setName] = useState<string>();
	const chosen = name ?? templates[0]?.name;
	const preview = useLoad(() => (chosen === undefined ? Promise.resolve(undefined) : fetchMailPreview(chosen)), [chosen]);
	return (
		<section aria-labelledby="mail-templates">
			<h2 id="mail-templates">Templates</h2>
			<label className="field">
				Template
				<select value={chosen ?? ""} onChange={(e) => setName(e.target.value)}>
					{templates.map((template) => (
						<option key={template.name} value={template.name}>
							{template.name} ({template.category}) — {template.description}
						</option>
					))}
				</select>
			</label>
			{preview.error !== undefined && <Alert>{preview.error}</Alert>}
			{preview.loading && <Loading label="Rendering…" />}
			{preview.data !== undefined && (
				<div className="mail-preview">
					<p>
						<strong>Subject:</strong> <span data-testid="preview-subject">{preview.data.subject}</span>
					</p>
					{/* sandbox with no permissions: the preview's HTML cannot run script or reach the dashboard. */}
					<iframe title={`Preview of ${preview.data.name}`} sandbox="" srcDoc={preview.data.html} className="mail-frame" />
					<pre className="mail-text">{preview.data.text}</pre>
				</div>
			)}
		</section>
	);
}
