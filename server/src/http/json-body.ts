import express, { type Request, type RequestHandler } from "express";
import type { AnySchema, ValidationErrorDetails, ValidationIssue } from "@toolboxai/shared";
import { compareCodePoints, nodeHost, parse, robloxReviver } from "@toolboxai/shared/node";
import { AppError } from "../errors/app-error";

declare module "express-serve-static-core" {
	interface Request {
		/** The exact bytes received, for signature checks over the raw body (webhooks). */
		rawBody?: Buffer;
	}
}

/** Whether the request carries a body at all (HTTP/1.1: chunked, or a non-zero Content-Length). */
function hasBody(req: Request): boolean {
	const length = req.headers["content-length"];
	return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

interface MediaType {
	readonly type: string;
	readonly charset?: string;
}

function mediaTypeOf(header: string | undefined): MediaType | undefined {
	if (header === undefined) return undefined;
	const [type, ...params] = header.split(";");
	let charset: string | undefined;
	for (const param of params) {
		const [name, value] = param.split("=");
		if (name?.trim().toLowerCase() === "charset" && value !== undefined) charset = value.trim().replace(/^"|"$/g, "").toLowerCase();
	}
	return { type: (type ?? "").trim().toLowerCase(), charset };
}

/** Client-sent text echoed in a message stays short (the error contract caps messages at 1000 characters). */
function clip(text: string): string {
	return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function isJsonType(type: string): boolean {
	return type === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/** 415 before reading a byte when a body is not JSON (or not UTF-8). */
function requireJsonContentType(): RequestHandler {
	return (req, _res, next) => {
		if (!hasBody(req)) return next();
		const media = mediaTypeOf(req.headers["content-type"]);
		if (media === undefined || !isJsonType(media.type)) {
			const got = media === undefined ? "no Content-Type" : `Content-Type ${clip(media.type)}`;
			throw new AppError("unsupported_media_type", `This operation takes a JSON body (Content-Type: application/json); got ${got}.`);
		}
		if (media.charset !== undefined && media.charset !== "utf-8" && media.charset !== "utf8") {
			throw new AppError("unsupported_media_type", `Charset "${clip(media.charset)}" is not supported; send UTF-8.`);
		}
		next();
	};
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes the raw bytes with Roblox's JSONDecode null rules; syntax errors are the client's (400), never a 500. */
function decodeJson(): RequestHandler {
	return (req, _res, next) => {
		const raw: unknown = req.body;
		// No body at all (body-parser leaves an empty Buffer): validation then reports the body as required.
		if (!Buffer.isBuffer(raw) || raw.length === 0) {
			req.body = undefined;
			return next();
		}
		req.rawBody = raw;
		let text: string;
		try {
			text = strictUtf8.decode(raw);
		} catch {
			throw new AppError("malformed_json", "The request body is not valid UTF-8.");
		}
		try {
			req.body = JSON.parse(text, robloxReviver);
		} catch (error) {
			throw new AppError("malformed_json", "The request body is not valid JSON.", { reason: (error as Error).message.slice(0, 200) });
		}
		next();
	};
}

const MAX_NULL_ISSUES = 50;

/**
 * Every null inside an array, in document order (items by index, members in code point order like the contract's
 * issues), up to 50. A null member of an object means "absent" (Roblox's JSONDecode drops it, and the contracts
 * share that rule); a null item has no such meaning: JSONDecode would silently shorten the array (`[null]` is `{}`),
 * so the service refuses it here, before the contract, where Node still sees it. Walked with a stack, not recursion:
 * nesting depth is the client's choice.
 */
export function nullItemIssues(body: unknown): ValidationIssue[] {
	if (!hasNullItem(body)) return [];
	const issues: ValidationIssue[] = [];
	const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: "" }];
	while (stack.length > 0 && issues.length < MAX_NULL_ISSUES) {
		const { value, path } = stack.pop() as { value: unknown; path: string };
		if (Array.isArray(value)) {
			for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: `${path}/${index}` });
		} else if (value === null) {
			issues.push({ path, code: "invalid_type", message: "must not be null: leave the item out of the array (only a null member of an object means absent)" });
		} else if (typeof value === "object") {
			const record = value as Record<string, unknown>;
			const keys = Object.keys(record).sort(compareCodePoints);
			for (let i = keys.length - 1; i >= 0; i--) {
				const key = keys[i] as string;
				stack.push({ value: record[key], path: `${path}/${nodeHost.pointerSegment(key)}` });
			}
		}
	}
	return issues;
}

/** The cheap scan every body gets (no paths, no sorting); nullItemIssues then names them when there are any. */
function hasNullItem(body: unknown): boolean {
	const stack: unknown[] = [body];
	while (stack.length > 0) {
		const value = stack.pop();
		if (Array.isArray(value)) {
			for (const item of value) {
				if (item === null) return true;
				if (typeof item === "object") stack.push(item);
			}
		} else if (typeof value === "object" && value !== null) {
			for (const key in value) {
				const member = (value as Record<string, unknown>)[key];
				if (typeof member === "object" && member !== null) stack.push(member);
			}
		}
	}
	return false;
}

/**
 * Checks the decoded body against the operation's contract; unknown keys are rejected. Issues carry JSON Pointer
 * paths. A null array item is refused first (nullItemIssues); null members were already dropped as absent.
 */
function validateBody(schema: AnySchema): RequestHandler {
	return (req, _res, next) => {
		const nulls = nullItemIssues(req.body);
		if (nulls.length > 0) {
			const details: ValidationErrorDetails = { issues: nulls };
			throw new AppError("validation_failed", "The request body does not match this operation's contract.", details);
		}
		const result = parse(schema, req.body, { unknownKeys: "reject" });
		if (!result.ok) {
			const details: ValidationErrorDetails = { issues: result.issues };
			throw new AppError("validation_failed", "The request body does not match this operation's contract.", details);
		}
		req.body = result.value;
		next();
	};
}

/** The middleware chain for an operation with a request body contract. */
export function jsonBody(schema: AnySchema, maxBodyBytes: number): RequestHandler[] {
	return [
		requireJsonContentType(),
		// Raw bytes first (bounded, inflated): keeps the exact body for signatures and lets us choose the JSON rules.
		express.raw({ type: () => true, limit: maxBodyBytes }),
		decodeJson(),
		validateBody(schema),
	];
}
