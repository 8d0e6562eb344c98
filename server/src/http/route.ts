import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { ErrorCode, Schema } from "@toolboxai/shared";
import type { Access } from "../access/access";
import type { RawBodyContract } from "./raw-body";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface RequestContract<B> {
	readonly body: Schema<B>;
	/** Sent to the running service by the OpenAPI test: it must be accepted. Shown in /docs. */
	readonly example: B;
	readonly description?: string;
	/** Largest body this operation reads, when it must differ from MAX_BODY_BYTES (e.g. a manifest of 5,000 files). */
	readonly maxBytes?: number;
	/**
	 * Top-level fields of which the handler accepts exactly one (422 validation_failed otherwise): the document
	 * states it as a oneOf of `required`, since the shared contract alone cannot say it.
	 */
	readonly exactlyOneOf?: ReadonlyArray<string>;
}

/**
 * One query-string parameter as the OpenAPI document states it. The route's handler reads and checks it
 * (http/query-params.ts); the registry refuses a request that lacks a required one (400 bad_request), so the
 * document and the service agree on what must be given.
 */
export interface QueryParameter {
	readonly name: string;
	readonly description: string;
	readonly required?: boolean;
	readonly schema: QueryParameterSchema;
}

/** The JSON Schema of a query value: the handful of shapes our query parameters take. */
export type QueryParameterSchema =
	| { readonly type: "string"; readonly minLength?: number; readonly maxLength?: number; readonly enum?: ReadonlyArray<string>; readonly format?: "date-time" }
	| { readonly type: "integer"; readonly minimum: number; readonly maximum: number }
	| { readonly type: "boolean" };

export interface ResponseContract<R> {
	readonly status: number;
	readonly body: Schema<R>;
	readonly description: string;
	/** application/json unless given (e.g. text/event-stream: the handler writes the reply itself). */
	readonly contentType?: string;
}

export interface HandlerContext<B> {
	/** The request body, parsed with Roblox's null rules and validated against the request contract. */
	readonly body: B;
	readonly params: Readonly<Record<string, string>>;
	readonly req: Request;
	readonly res: Response;
	/** Carries the request id on every line. */
	readonly logger: Logger;
}

/** A handler's answer with a status other than the operation's main one (e.g. 503 from /readyz). */
export class Reply<R> {
	constructor(
		readonly status: number,
		readonly body: R,
	) {}
}

export function reply<R>(status: number, body: R): Reply<R> {
	return new Reply(status, body);
}

/**
 * One HTTP operation: everything the router needs to mount it with validation and everything the
 * OpenAPI document says about it, in one place so the two cannot drift.
 */
export interface RouteDefinition<B = undefined, R = unknown> {
	readonly method: HttpMethod;
	/** Express syntax (`/v1/lessons/:lessonId`); the OpenAPI document shows `{lessonId}`. */
	readonly path: string;
	/** Unique, camelCase verb + noun (e.g. getMeta): generated clients name their functions after it. */
	readonly operationId: string;
	readonly summary: string;
	readonly description?: string;
	readonly tags: ReadonlyArray<string>;
	/** Who may call it: public, a signed-in user (with a permission), or a game server's API key (with a scope). */
	readonly access: Access;
	readonly request?: RequestContract<B>;
	/** Instead of `request`: the body is bytes (http/raw-body.ts), handed to the handler as a Buffer (declare B = Buffer). */
	readonly rawBody?: RawBodyContract;
	/** The query-string parameters it reads (none when absent); declaring any adds 400 bad_request to its errors. */
	readonly query?: ReadonlyArray<QueryParameter>;
	readonly response: ResponseContract<R>;
	/** Non-error answers with another status that share the response's schema family (e.g. 503 Readiness). */
	readonly otherResponses?: ReadonlyArray<ResponseContract<R>>;
	/**
	 * Error codes this operation answers on purpose. The registry adds the ones every operation can give
	 * (internal) and the ones every body route can give (malformed_json, unsupported_media_type, ...).
	 */
	readonly errors: ReadonlyArray<ErrorCode>;
	readonly handle: (context: HandlerContext<B>) => Promise<R | Reply<R>> | R | Reply<R>;
}

// biome-ignore lint/suspicious/noExplicitAny: one list holds routes of different body and response types; B and R appear in both directions, so no other type fits them all.
export type AnyRouteDefinition = RouteDefinition<any, any>;

/** Identity, for type inference of B and R from the contracts. */
export function defineRoute<B = undefined, R = unknown>(definition: RouteDefinition<B, R>): RouteDefinition<B, R> {
	return definition;
}

/**
 * What a handler returns after writing its reply itself (bytes kept from an earlier reply, a stream): the registry
 * sends nothing once headers are out, so the value is never used.
 */
export function writtenByHandler<T>(): T {
	return undefined as T;
}
