/**
 * Serves the local driver's signed links (`/files/<path>?expires=&signature=`). Supabase serves its own links, so
 * with that driver this handler passes every request on. A bad or expired link is 403, a missing object 404, both
 * without saying which part was wrong.
 */
import express, { type RequestHandler } from "express";
import { AppError } from "../../errors/app-error";
import type { ObjectStorage } from "../../infrastructure.types";
import { LocalObjectStorage } from "./local";
import { InvalidObjectPathError } from "./object-path";

const PREFIX = "/files/";

function objectPathOf(urlPath: string): string | undefined {
	try {
		return urlPath.slice(PREFIX.length).split("/").map(decodeURIComponent).join("/");
	} catch {
		return undefined; // malformed percent-encoding
	}
}

export function filesHandler(storage: ObjectStorage): RequestHandler {
	const router = express.Router();
	if (!(storage instanceof LocalObjectStorage)) return router;
	router.get(/^\/files\/.+/, async (req, res, next) => {
		try {
			const objectPath = objectPathOf(req.path);
			const expires = typeof req.query.expires === "string" && /^\d{1,12}$/.test(req.query.expires) ? Number(req.query.expires) : undefined;
			const signature = typeof req.query.signature === "string" ? req.query.signature : undefined;
			if (objectPath === undefined || expires === undefined || signature === undefined || !verified(storage, objectPath, expires, signature)) {
				throw new AppError("forbidden", "This link is not valid or has expired: ask for a new one.");
			}
			const [info, body] = await Promise.all([storage.info(objectPath), storage.get(objectPath)]);
			if (info === undefined || body === undefined) throw new AppError("not_found", "The file behind this link is gone.");
			res.set({
				"Content-Type": info.contentType,
				"Content-Length": String(body.length),
				// A download, never a page: stored bytes must not run as HTML or script on our origin.
				"Content-Disposition": "attachment",
				"Cache-Control": "private, no-store",
				"X-Content-Type-Options": "nosniff",
			});
			res.status(200).end(req.method === "HEAD" ? undefined : body);
		} catch (error) {
			next(error);
		}
	});
	return router;
}

function verified(storage: LocalObjectStorage, objectPath: string, expires: number, signature: string): boolean {
	try {
		return storage.verify(objectPath, expires, signature);
	} catch (error) {
		if (error instanceof InvalidObjectPathError) return false;
		throw error;
	}
}
