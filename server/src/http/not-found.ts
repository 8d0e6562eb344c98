import type { RequestHandler } from "express";
import { AppError } from "../errors/app-error";

function shortPath(path: string): string {
	return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Mounted after every route: JSON 404 instead of Express's HTML page. */
export function notFound(): RequestHandler {
	return (req) => {
		throw new AppError("not_found", `No route for ${req.method} ${shortPath(req.path)}`);
	};
}

/** Mounted on a known path after its operations: the path exists, the method does not. */
export function methodNotAllowed(allowed: ReadonlyArray<string>): RequestHandler {
	const allow = allowed.join(", ");
	return (req, res) => {
		if (req.method === "OPTIONS") {
			res.set("Allow", allow).status(204).end();
			return;
		}
		throw new AppError("method_not_allowed", `${req.method} is not allowed on ${shortPath(req.path)}; use ${allow}.`, { allow: allowed }, { Allow: allow });
	};
}
