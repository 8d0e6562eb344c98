import type { ErrorCode } from "@toolboxai/shared";
import type { RequestHandler, Router } from "express";
import type { Access } from "../access/access";
import { parse } from "@toolboxai/shared/node";
import { AppError } from "../errors/app-error";
import { jsonBody } from "./json-body";
import { methodNotAllowed } from "./not-found";
import { requireQueryParameters } from "./query-params";
import { RAW_BODY_ERRORS, rawBody } from "./raw-body";
import { Reply, type AnyRouteDefinition, type ResponseContract } from "./route";
import { rejectLongUris } from "./uri-length";

/** Every operation can fail on our side, and can be called with an address longer than the service reads. */
const ALWAYS_POSSIBLE: ReadonlyArray<ErrorCode> = ["internal", "uri_too_long"];
/** Every non-public operation can refuse the caller's credentials (401) or their role/scope (403). */
const ACCESS_ERRORS: ReadonlyArray<ErrorCode> = ["unauthenticated", "forbidden"];
/** The codes that mean "the request body itself was refused" (syntax, type, size, contract). */
export const BODY_ERRORS: ReadonlyArray<ErrorCode> = ["malformed_json", "unsupported_media_type", "payload_too_large", "validation_failed"];

export interface MountOptions {
	readonly maxBodyBytes: number;
	/** Check every reply against its contract (development and tests): a drifting handler fails loudly. */
	readonly validateResponses: boolean;
	/**
	 * Checks the caller of a non-public route and sets `req.caller` (modules/auth/http/authenticate.ts). Without it,
	 * mounting a non-public route fails: nothing is served open by accident.
	 */
	readonly authenticate?: (access: Exclude<Access, { kind: "public" }>) => RequestHandler | ReadonlyArray<RequestHandler>;
}

/** Codes a route can answer because of checks composed around it (e.g. billing's standing), for its documented errors. */
export type ExtraErrors = (route: AnyRouteDefinition) => ReadonlyArray<ErrorCode>;

/**
 * The list of operations: mounts each with its validation, answers 405 on known paths with other methods,
 * and is what the OpenAPI document is built from (openapi/document.ts).
 */
export class RouteRegistry {
	private readonly routes: AnyRouteDefinition[] = [];

	constructor(private readonly extraErrors: ExtraErrors = () => []) {}

	add(routes: ReadonlyArray<AnyRouteDefinition>): void {
		for (const route of routes) {
			const clash = this.routes.find((r) => r.operationId === route.operationId || (r.method === route.method && r.path === route.path));
			if (clash !== undefined) throw new Error(`Route ${route.method.toUpperCase()} ${route.path} (${route.operationId}) clashes with ${clash.operationId}`);
			if (route.request !== undefined && route.rawBody !== undefined) throw new Error(`${route.operationId} declares both a JSON request and a raw body`);
			this.routes.push(route);
		}
	}

	get operations(): ReadonlyArray<AnyRouteDefinition> {
		return this.routes;
	}

	/** Every error code an operation can answer: its own plus the ones the registry adds. */
	errorsOf(route: AnyRouteDefinition): ErrorCode[] {
		const codes = new Set<ErrorCode>([...route.errors, ...ALWAYS_POSSIBLE, ...this.extraErrors(route)]);
		if (route.access.kind !== "public") for (const code of ACCESS_ERRORS) codes.add(code);
		if (route.request !== undefined) for (const code of BODY_ERRORS) codes.add(code);
		if (route.rawBody !== undefined) for (const code of RAW_BODY_ERRORS) codes.add(code);
		if ((route.query ?? []).length > 0) codes.add("bad_request");
		return [...codes];
	}

	/** Express methods allowed on each path, for the Allow header (GET implies HEAD, as Express serves it). */
	allowedMethods(): Map<string, string[]> {
		const byPath = new Map<string, string[]>();
		for (const route of this.routes) {
			const methods = byPath.get(route.path) ?? [];
			methods.push(route.method.toUpperCase());
			if (route.method === "get") methods.push("HEAD");
			byPath.set(route.path, methods);
		}
		return byPath;
	}

	/**
	 * Mounts path by path, each path's operations then its 405 answer, with literal segments before parameters
	 * (`/v1/auth/device/decision` before `/v1/auth/device/:userCode`): as in OpenAPI, a concrete path wins over a
	 * template that also matches it, so its methods and its Allow header are its own.
	 */
	mount(router: Router, options: MountOptions): void {
		router.use(rejectLongUris());
		const allowed = this.allowedMethods();
		for (const path of [...allowed.keys()].sort(literalSegmentsFirst)) {
			for (const route of this.routes.filter((r) => r.path === path)) this.mountRoute(router, route, options);
			router.all(path, methodNotAllowed(allowed.get(path) ?? []));
		}
	}

	private mountRoute(router: Router, route: AnyRouteDefinition, options: MountOptions): void {
		const bodyChain =
			route.request !== undefined ? jsonBody(route.request.body, route.request.maxBytes ?? options.maxBodyBytes) : route.rawBody !== undefined ? rawBody(route.rawBody) : [];
		// Credentials before the body: an unauthenticated caller learns nothing from validation errors.
		const accessChain = accessCheck(route, options);
		const queryCheck = requireQueryParameters(route.query ?? []);
		const queryChain = queryCheck === undefined ? [] : [queryCheck];
		router[route.method](route.path, noStore, ...accessChain, ...queryChain, ...bodyChain, async (req, res) => {
			const result = await route.handle({ body: req.body, params: req.params as Record<string, string>, req, res, logger: req.log });
			if (res.headersSent) return;
			const answer = result instanceof Reply ? result : new Reply(route.response.status, result);
			const contract = responseContract(route, answer.status);
			if (options.validateResponses) checkReply(route, contract, answer.body, req.log);
			res.status(answer.status).json(answer.body);
		});
	}
}

/** Orders Express paths so that, where two could match one URL, the one with a literal segment first comes first. */
export function literalSegmentsFirst(a: string, b: string): number {
	const shape = (path: string) => path.split("/").map((segment) => (segment.startsWith(":") ? 1 : 0));
	const [x, y] = [shape(a), shape(b)];
	for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
	return x.length - y.length;
}

/**
 * Every operation's answer is `Cache-Control: no-store` unless its handler says otherwise: API replies are per
 * caller and carry tokens, secrets and people's names, so no browser or proxy may keep one. Opting in to caching
 * (public keys, content with an ETag) is the exception a handler states; forgetting to opt out cannot happen.
 */
const noStore: RequestHandler = (_req, res, next) => {
	res.setHeader("Cache-Control", "no-store");
	next();
};

function accessCheck(route: AnyRouteDefinition, options: MountOptions): RequestHandler[] {
	const access: Access = route.access;
	if (access.kind === "public") return [];
	if (options.authenticate === undefined) throw new Error(`${route.operationId} needs ${access.kind} access, but no authenticator was given to mount()`);
	return [options.authenticate(access)].flat();
}

function responseContract(route: AnyRouteDefinition, status: number): ResponseContract<unknown> {
	const all = [route.response, ...(route.otherResponses ?? [])];
	const found = all.find((r) => r.status === status);
	if (found === undefined) throw new Error(`${route.operationId} answered ${status}, which its definition does not declare`);
	return found;
}

function checkReply(route: AnyRouteDefinition, contract: ResponseContract<unknown>, body: unknown, log: { error(obj: object, msg: string): void }): void {
	// Replies carry stored text: control characters stored before the contracts refused them stay readable (NUL never).
	const result = parse(contract.body, body, { unknownKeys: "reject", controlCharacters: "tolerate" });
	if (result.ok) return;
	log.error({ operationId: route.operationId, issues: result.issues }, "reply does not match its contract");
	throw new AppError("internal", "Something went wrong on our side. Quote the request id when asking for support.");
}
