import { stat } from "node:fs/promises";
import path from "node:path";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** The encodings the build writes beside each file (server/dashboard/vite.config.ts), best first. */
const ENCODINGS = [
	{ name: "br", suffix: ".br" },
	{ name: "gzip", suffix: ".gz" },
] as const;

/** Only these are precompressed; anything else is served as it is. */
const PRECOMPRESSED_TYPES = /\.(js|css|svg|html)$/;

async function isFile(file: string): Promise<boolean> {
	try {
		return (await stat(file)).isFile();
	} catch {
		return false;
	}
}

/**
 * Serves a built file's .br or .gz sibling when the client accepts that encoding: the request is pointed at the
 * sibling, with the original's Content-Type, Content-Encoding and Vary: Accept-Encoding, and the static handler
 * after this one sends it (its caching headers and ETag included). Brotli first whenever accepted: it is the
 * smaller. Checked per request with a stat (no startup scan), since dist/ may be rebuilt and swapped while running.
 */
export function precompressedFiles(dist: string): RequestHandler {
	return (req: Request, res: Response, next: NextFunction) => {
		if ((req.method !== "GET" && req.method !== "HEAD") || !PRECOMPRESSED_TYPES.test(req.path)) return next();
		let relative: string;
		try {
			relative = decodeURIComponent(req.path);
		} catch {
			return next();
		}
		const file = path.join(dist, relative);
		// Outside dist (../ tricks) and dotfiles are left to the static handler, which refuses them.
		if (!file.startsWith(dist + path.sep) || relative.split("/").some((part) => part.startsWith("."))) return next();
		res.vary("Accept-Encoding");
		const accepted = ENCODINGS.filter((encoding) => req.acceptsEncodings(encoding.name) === encoding.name);
		if (accepted.length === 0) return next();
		(async () => {
			for (const encoding of accepted) {
				if (!(await isFile(file + encoding.suffix))) continue;
				res.type(path.extname(relative));
				res.setHeader("Content-Encoding", encoding.name);
				req.url = req.url.replace(/^[^?]*/, `${req.path}${encoding.suffix}`);
				return;
			}
		})().then(() => next(), next);
	};
}
