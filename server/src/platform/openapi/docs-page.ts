/** The /docs page: Swagger UI from our own files (swagger-ui-dist), so it works offline and under a strict CSP. */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ToolBoxAI API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/** A file, not an inline script: the CSP allows scripts from 'self' only. */
export const DOCS_INIT_JS = `window.ui = SwaggerUIBundle({
	url: "/openapi.json",
	dom_id: "#swagger-ui",
	deepLinking: true,
	validatorUrl: "none",
});
`;
