import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { AppError } from "../errors/app-error";

declare module "express-serve-static-core" {
	interface Request {
		/** For a raw-body route: SHA-256 (hex) of the body, computed while it arrived (no second pass over the bytes). */
		rawBodySha256?: string;
	}
}

/**
 * A route that takes bytes (a place file, an image) instead of JSON: the handler gets them as one Buffer.
 * Declared on the route as `rawBody` instead of `request`; the OpenAPI document shows each content type as binary.
 */
export interface RawBodyContract {
	/** Accepted media types, lower-case, without parameters (e.g. application/octet-stream); any other is 415. */
	readonly contentTypes: ReadonlyArray<string>;
	/** Largest body accepted; more is 413 (checked against Content-Length before a byte is read, and while reading). */
	readonly maxBytes: number;
	readonly description?: string;
}

/** The codes a raw-body route can answer because of its body (the registry adds them): wrong type, too large, cut short. */
export const RAW_BODY_ERRORS = ["unsupported_media_type", "payload_too_large", "bad_request"] as const;

function hasBody(req: Request): boolean {
	const length = req.headers["content-length"];
	return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function mediaTypeOf(header: string | undefined): string | undefined {
	if (header === undefined) return undefined;
	return (header.split(";")[0] ?? "").trim().toLowerCase();
}

/** 415 before reading a byte when the body is not one of the declared types. */
function requireContentType(contract: RawBodyContract): RequestHandler {
	return (req, _res, next) => {
		if (!hasBody(req)) return next();
		const type = mediaTypeOf(req.headers["content-type"]);
		if (type === undefined || !contract.contentTypes.includes(type)) {
			const got = type === undefined ? "no Content-Type" : `Content-Type ${type.length > 100 ? `${type.slice(0, 100)}…` : type}`;
			throw new AppError("unsupported_media_type", `This operation takes the file's bytes (Content-Type: ${contract.contentTypes.join(" or ")}); got ${got}.`);
		}
		next();
	};
}

/**
 * 413 from the declared Content-Length alone: body-parser would first read (and throw away) the whole body, which
 * for a misdirected multi-gigabyte upload is the cost we want to avoid. The connection closes after the answer, so
 * the client stops sending. A chunked body is still cut off by the limit while it is read.
 */
function refuseDeclaredOversize(contract: RawBodyContract): RequestHandler {
	return (req, _res, next) => {
		const length = Number(req.headers["content-length"] ?? "0");
		if (length > contract.maxBytes) {
			throw new AppError(
				"payload_too_large",
				`The request body is larger than the limit of ${contract.maxBytes} bytes.`,
				{ limitBytes: contract.maxBytes },
				{ Connection: "close" },
			);
		}
		next();
	};
}

/**
 * Reads the body once into one Buffer: sized from Content-Length up front when given (no chunk list to join, so a
 * 20 MB file is held once, not twice), hashed as it arrives. Past the limit the rest is read and dropped (so the
 * client sees the 413 rather than a reset) and the request fails with 413; a body shorter or longer than its
 * Content-Length is 400. No body at all is an empty Buffer, so handlers see one type and refuse it in their own words.
 */
function readBody(contract: RawBodyContract): RequestHandler {
	return (req, _res, next) => {
		const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
		if (encoding !== "identity") throw new AppError("unsupported_media_type", "Send the file's bytes as they are (no Content-Encoding): compressed uploads are not taken.");
		const hash = createHash("sha256");
		if (!hasBody(req)) {
			req.body = Buffer.alloc(0);
			req.rawBodySha256 = hash.digest("hex");
			return next();
		}
		const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
		const preallocated = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
		const chunks: Buffer[] = [];
		let received = 0;
		let failure: AppError | undefined;
		req.on("data", (chunk: Buffer) => {
			received += chunk.length;
			if (failure !== undefined) return;
			if (received > contract.maxBytes) {
				failure = new AppError(
					"payload_too_large",
					`The request body is larger than the limit of ${contract.maxBytes} bytes.`,
					{ limitBytes: contract.maxBytes },
					{ Connection: "close" },
				);
				chunks.length = 0;
				return;
			}
			if (preallocated !== undefined) {
				if (received > preallocated.length) {
					failure = new AppError("bad_request", "The request body did not match its Content-Length.");
					return;
				}
				chunk.copy(preallocated, received - chunk.length);
			} else {
				chunks.push(chunk);
			}
			hash.update(chunk);
		});
		req.on("end", () => {
			if (failure === undefined && preallocated !== undefined && received !== preallocated.length)
				failure = new AppError("bad_request", "The request body did not match its Content-Length.");
			if (failure !== undefined) return next(failure);
			req.body = preallocated ?? Buffer.concat(chunks, received);
			req.rawBodySha256 = hash.digest("hex");
			next();
		});
		req.on("error", () => next(new AppError("bad_request", "The request was aborted before its body arrived.")));
	};
}

/** The middleware chain for a raw-body route: type and declared size checked, then the bytes read once (bounded). */
export function rawBody(contract: RawBodyContract): RequestHandler[] {
	return [requireContentType(contract), refuseDeclaredOversize(contract), readBody(contract)];
}
