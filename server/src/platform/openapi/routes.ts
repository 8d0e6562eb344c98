import path from "node:path";
import express, { type Router } from "express";
import { methodNotAllowed } from "../../http/not-found";
import type { OpenApiDocument } from "./document";
import { DOCS_HTML, DOCS_INIT_JS } from "./docs-page";

const swaggerUiDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));

/** GET /openapi.json and the human docs at GET /docs. */
export function openApiRouter(document: OpenApiDocument): Router {
	const router = express.Router();
	const body = JSON.stringify(document);
	router.get("/openapi.json", (_req, res) => {
		res.type("application/json").send(body);
	});
	router.get("/docs", (_req, res) => {
		res.type("html").send(DOCS_HTML);
	});
	router.get("/docs/init.js", (_req, res) => {
		res.type("text/javascript").send(DOCS_INIT_JS);
	});
	router.use("/docs/assets", express.static(swaggerUiDir, { index: false, maxAge: "1h", fallthrough: true }));
	for (const known of ["/openapi.json", "/docs", "/docs/init.js"]) router.all(known, methodNotAllowed(["GET", "HEAD"]));
	return router;
}
