import compression from "compression";
import type { Request, RequestHandler, Response } from "express";
import { repliesWithSecret } from "./secret-replies";

/** Below this a reply fits a packet or two whatever its encoding, and compressing costs more than it saves. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

function worthCompressing(req: Request, res: Response): boolean {
	if (repliesWithSecret(req)) return false;
	// A live event stream is written a line at a time and must reach the browser at once, not when a buffer fills.
	if (String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream")) return false;
	// Otherwise text types (JSON, HTML, scripts): the package's own rule. Replies already encoded (the dashboard's
	// precompressed files) are passed through as they are.
	return compression.filter(req, res);
}

/**
 * gzip (or deflate, br) for replies above COMPRESS_THRESHOLD_BYTES when the client accepts it, with Vary:
 * Accept-Encoding, except replies that carry a secret (http/secret-replies.ts). Level 6, zlib's default: most of
 * the gain of 9 at a fraction of the CPU, paid per reply.
 */
export function compressReplies(): RequestHandler {
	return compression({ threshold: COMPRESS_THRESHOLD_BYTES, filter: worthCompressing });
}
