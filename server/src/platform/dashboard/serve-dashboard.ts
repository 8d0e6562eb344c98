import { readFile } from "node:fs/promises";
import path from "node:path";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { AppError } from "../../errors/app-error";
import { methodNotAllowed } from "../../http/not-found";
import { DASHBOARD_DIST } from "./dashboard-paths";
import { precompressedFiles } from "./precompressed";

/**
 * The dashboard's client-side pages (server/dashboard/src/app.tsx): each answers with index.html. /invite,
 * /reset-password and /sign-up/complete are the links in the invitation, password-reset and sign-up emails.
 */
export const CLIENT_ROUTES: ReadonlyArray<string> = [
	"/",
	"/sign-in",
	"/sign-out",
	"/device",
	"/api-keys",
	"/audit",
	"/mail",
	"/deployments",
	"/billing",
	"/privacy",
	"/classes",
	"/sessions",
	"/school",
	"/classes/:classId",
	"/classes/:classId/students/:studentUserId",
	"/lessons",
	"/lessons/:lessonId",
	"/deployments/:deploymentId",
	"/invite",
	"/reset-password",
	"/sign-up",
	"/sign-up/complete",
	"/unsubscribe",
	"/members",
	"/invitations",
	"/guardians",
];

/** Paths that belong to the API: never answered with a dashboard file, so unknown ones keep the JSON 404. */
const API_PREFIXES = ["/v1/", "/.well-known/"];

export interface ServeDashboardOptions {
	/** Resolves once dist/ is ready to serve (a build may be running at start); rejects when it cannot be. */
	readonly ready: () => Promise<void>;
	readonly dist?: string;
}

/**
 * The built dashboard, mounted after the API routes and docs (so those take precedence) and before the JSON 404.
 * Hashed files under /assets are cached for a year; index.html is revalidated on every load so a new
 * deployment is picked up at once.
 */
export function serveDashboard(options: ServeDashboardOptions): Router {
	const dist = options.dist ?? DASHBOARD_DIST;
	const router = express.Router();

	const waitUntilReady = (req: Request, _res: Response, next: NextFunction) => {
		if (API_PREFIXES.some((prefix) => req.path.startsWith(prefix))) return next("router");
		options.ready().then(
			() => next(),
			(error: unknown) => next(new AppError("unavailable", `The dashboard is not available: ${(error as Error).message}`)),
		);
	};

	const sendIndex = async (_req: Request, res: Response) => {
		const html = await readFile(path.join(dist, "index.html"), "utf8");
		res.set("Cache-Control", "no-cache").type("html").send(html);
	};
	// The app's own not-found page, with a 404 status, for a person's browser; scripts and API clients keep the JSON 404.
	const sendNotFoundPage = async (_req: Request, res: Response) => {
		const html = await readFile(path.join(dist, "index.html"), "utf8");
		res.status(404).set("Cache-Control", "no-cache").type("html").send(html);
	};

	router.get(CLIENT_ROUTES as string[], waitUntilReady, sendIndex);
	router.all(CLIENT_ROUTES as string[], methodNotAllowed(["GET", "HEAD"]));
	// Other files (hashed assets, the favicon) wait for a running build too, but never fail: a missing file is a 404.
	const waitQuietly = (req: Request, _res: Response, next: NextFunction) => {
		if (API_PREFIXES.some((prefix) => req.path.startsWith(prefix))) return next("router");
		options.ready().then(
			() => next(),
			() => next("router"),
		);
	};
	router.use(
		waitQuietly,
		// The build's .br/.gz copy when the client accepts one (scripts: about a third of their size in gzip, less in brotli).
		precompressedFiles(dist),
		express.static(dist, {
			index: false,
			redirect: false,
			dotfiles: "ignore",
			fallthrough: true,
			setHeaders: (res, file) => {
				const immutable = path.relative(dist, file).startsWith(`assets${path.sep}`);
				res.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
			},
		}),
	);
	router.use((req, res, next) => {
		if (!isPageNavigation(req)) return next();
		const afterReady = (error?: unknown) => {
			if (error !== undefined) return next(error);
			sendNotFoundPage(req, res).catch(next);
		};
		waitUntilReady(req, res, afterReady as NextFunction);
	});
	return router;
}

/**
 * A browser opening an address (GET or HEAD asking for HTML first), outside the API and the built files: an
 * unknown dashboard URL, answered with the app's not-found page. Accepting any type (curl, fetch) is not one.
 */
function isPageNavigation(req: Request): boolean {
	if (req.method !== "GET" && req.method !== "HEAD") return false;
	if (API_PREFIXES.some((prefix) => req.path.startsWith(prefix)) || req.path.startsWith("/assets/")) return false;
	return req.accepts(["json", "html"]) === "html";
}
