import { GETTING_STARTED, type GuideRequest } from "./getting-started-steps";

function escapeHtml(text: string): string {
	return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** A file for the answer when a later step needs a value from it: the step's first saved variable, in lower case. */
function answerFile(request: GuideRequest): string | undefined {
	const first = Object.keys(request.save ?? {})[0];
	return first === undefined ? undefined : `${first.toLowerCase().replaceAll("_", "-")}.json`;
}

/**
 * One request as a shell command: curl with the base URL from $TOOLBOXAI, the credential the step needs, the body
 * in a here-document (so $VARIABLES inside it expand), a line break after the answer, then `export`s of what later
 * steps use (read with jq).
 */
export function curlCommand(request: GuideRequest): string {
	const lines = [`curl -sS -w '\\n' -X ${request.method} "$TOOLBOXAI${request.path}"`];
	if (request.auth === "token") lines.push('  -H "Authorization: Bearer $TOKEN"');
	if (request.auth === "key") lines.push('  -H "X-Api-Key: $KEY"');
	const file = answerFile(request);
	const tee = file === undefined ? "" : ` | tee ${file}`;
	if (request.body === undefined) {
		lines[lines.length - 1] += tee;
		return [lines.join(" \\\n"), ...exportLines(request, file)].join("\n");
	}
	lines.push(`  -H "Content-Type: application/json" -d @- <<EOF${tee}`);
	return [lines.join(" \\\n"), JSON.stringify(request.body, null, 2), "EOF", ...exportLines(request, file)].join("\n");
}

function exportLines(request: GuideRequest, file: string | undefined): string[] {
	if (file === undefined) return [];
	return Object.entries(request.save ?? {}).map(([name, path]) => `export ${name}=$(jq -r '${path}' ${file})`);
}

/** GET /docs/getting-started: sign up, make a class, give it a lesson, make a key, join from a game, see progress. */
export function gettingStartedHtml(publicUrl: string): string {
	const steps = GETTING_STARTED.map((step, index) => {
		const text = step.text.map((sentence) => `<p>${escapeHtml(sentence)}</p>`).join("\n");
		const commands = step.requests.map((request) => `<pre><code>${escapeHtml(curlCommand(request))}</code></pre>`).join("\n");
		return `<section>\n<h2>${index + 1}. ${escapeHtml(step.title)}</h2>\n${text}\n${commands}\n</section>`;
	}).join("\n");
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Getting started — ToolBoxAI API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/guide.css">
</head>
<body>
<main>
<h1>Getting started with the ToolBoxAI API</h1>
<p>From nothing to a student's progress in eight steps, with curl (and jq to keep the values later steps need). Every operation, its fields and its errors are in the <a href="/docs">API reference</a>.</p>
<pre><code>${escapeHtml(`export TOOLBOXAI=${publicUrl}`)}</code></pre>
${steps}
</main>
</body>
</html>
`;
}

/** The guide's few styles, as a file: the CSP allows styles from 'self' only. */
export const GUIDE_CSS = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f5f6f8; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
pre { background: #fff; border: 1px solid #d5d9de; border-radius: 6px; padding: 0.75rem; overflow-x: auto; }
code { font: 14px/1.45 ui-monospace, monospace; }
h2 { margin-top: 2rem; }
`;
