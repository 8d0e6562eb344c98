/** A module only tests mount: one body operation to drive every bad-input path through the real stack. */
import { createHash } from "node:crypto";
import { s } from "@toolboxai/shared";
import type { AppModule } from "../app-module";
import { AppError } from "../../errors/app-error";
import { defineRoute } from "../route";

export const EchoRequest = s.object({
	name: s.string({ minLength: 1, maxLength: 20 }),
	nickname: s.optional(s.string()),
	items: s.array(s.object({ count: s.integer({ minimum: 0 }) }), { maxItems: 10 }),
	fail: s.optional(s.enumOf(["conflict", "crash", "sql"] as const)),
});

/** What the raw-body echo answers: what arrived, so a test can tell the bytes were handed over untouched. */
export const RawEcho = s.object({ size: s.integer({ minimum: 0 }), sha256: s.string(), sha256WhileReceiving: s.string(), isBuffer: s.boolean() });

/** Largest body the raw echo takes (small, so tests can cross it cheaply). */
export const RAW_ECHO_MAX_BYTES = 4096;

export const echoModule: AppModule = {
	name: "echo",
	routes: () => [
		defineRoute({
			method: "post",
			path: "/v1/test/echo",
			operationId: "postTestEcho",
			summary: "Echo a validated body (tests only)",
			tags: ["test"],
			access: { kind: "public" },
			request: { body: EchoRequest, example: { name: "Ada", items: [{ count: 1 }] } },
			response: { status: 200, body: EchoRequest, description: "The body as the server understood it." },
			errors: ["conflict"],
			handle: ({ body, logger }) => {
				logger.info({ name: body.name }, "echo handler ran");
				if (body.fail === "conflict") throw new AppError("conflict", "That name is taken.", { name: body.name });
				if (body.fail === "crash") throw new TypeError("Cannot read properties of undefined (reading 'secret')");
				if (body.fail === "sql") throw Object.assign(new Error('relation "users" does not exist'), { sql: "SELECT * FROM users", name: "SequelizeDatabaseError" });
				return body;
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/test/items/:itemId",
			operationId: "getTestItem",
			summary: "Echo a path parameter (tests only)",
			tags: ["test"],
			access: { kind: "public" },
			response: { status: 200, body: s.object({ itemId: s.string() }), description: "The decoded parameter." },
			errors: ["not_found"],
			handle: ({ params }) => ({ itemId: params.itemId ?? "" }),
		}),
		defineRoute<Buffer, { size: number; sha256: string; sha256WhileReceiving: string; isBuffer: boolean }>({
			method: "put",
			path: "/v1/test/blobs/:blobId",
			operationId: "putTestBlob",
			summary: "Echo the size and hash of a raw body (tests only)",
			tags: ["test"],
			access: { kind: "public" },
			rawBody: { contentTypes: ["application/octet-stream", "image/png"], maxBytes: RAW_ECHO_MAX_BYTES, description: "Any bytes." },
			response: { status: 200, body: RawEcho, description: "What arrived." },
			errors: [],
			handle: ({ body, req }) => ({
				size: body.length,
				sha256: createHash("sha256").update(body).digest("hex"),
				sha256WhileReceiving: req.rawBodySha256 ?? "",
				isBuffer: Buffer.isBuffer(body),
			}),
		}),
	],
};
