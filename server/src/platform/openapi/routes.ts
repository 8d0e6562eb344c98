import path from "node:path";
import express, { type Router } from "express";
import { methodNotAllowed } from "../../http/not-found";
import type { OpenApiDocument } from "./document";
import { DOCS_HTML, DOCS_INIT_JS } from "./docs-page";
import { GUIDE_CSS, gettingStartedHtml } from "./getting-started-page";

const swaggerUiDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));

/** GET /openapi.json and the human docs: the reference at GET /docs, the walkthrough at GET /docs/getting-started. */
export function openApiRouter(document: OpenApiDocument): Router {
	const router = express.Router();
	const body = JSON.stringify(document);
	const servers = document.servers as Array<{ url: string }> | undefined;
	const guide = gettingStartedHtml(servers?.[0]?.url ?? "http://localhost:8080");
	router.get("/openapi.json", (_req, res) => {
		res.type("application/json").send(body);
	});
	router.get("/docs", (_req, res) => {
		res.type("html").send(DOCS_HTML);
	});
	router.get("/docs/getting-started", (_req, res) => {
		res.type("html").send(guide);
	});
	router.get("/docs/guide.css", (_req, res) => {
		res.type("text/css").send(GUIDE_CSS);
	});
	router.get("/docs/init.js", (_req, res) => {
		res.type("text/javascript").send(DOCS_INIT_JS);
	});
	router.use("/docs/assets", express.static(swaggerUiDir, { index: false, maxAge: "1h", fallthrough: true }));
	for (const known of ["/openapi.json", "/docs", "/docs/init.js", "/docs/getting-started", "/docs/guide.css"]) router.all(known, methodNotAllowed(["GET", "HEAD"]));
	return router;
}
