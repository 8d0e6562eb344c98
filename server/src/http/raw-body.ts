import express, { type Request, type RequestHandler } from "express";
import { AppError } from "./app-error";

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

/** The codes a raw-body route can answer because of its body (the registry adds them to the route's errors). */
export const RAW_BODY_ERRORS = ["unsupported_media_type", "payload_too_large"] as const;

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
			throw new AppError("payload_too_large", `The request body is larger than the limit of ${contract.maxBytes} bytes.`, { limitBytes: contract.maxBytes }, { Connection: "close" });
		}
		next();
	};
}

/** No body at all is an empty Buffer, so handlers see one type and refuse it in their own words. */
function bufferOrEmpty(): RequestHandler {
	return (req, _res, next) => {
		if (!Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
		next();
	};
}

/** The middleware chain for a raw-body route: type check, then the bytes read once (bounded) into req.body. */
export function rawBody(contract: RawBodyContract): RequestHandler[] {
	return [requireContentType(contract), refuseDeclaredOversize(contract), express.raw({ type: () => true, limit: contract.maxBytes }), bufferOrEmpty()];
}
