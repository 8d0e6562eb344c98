/**
 * A local Open Cloud for tests: a real HTTP server that follows /work/shared/facts/roblox-open-cloud.md. It checks
 * what it receives (x-api-key, the Assets multipart shape and part content types, octet-stream place files,
 * messaging limits), answers operations that finish after N polls (without `done` until then, as live does), can
 * be told to answer the next matching requests with a 429 + headers, a 5xx, a 409, no answer at all or a body that stalls, and
 * records every request.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly query: URLSearchParams;
	readonly headers: http.IncomingHttpHeaders;
	readonly body: Buffer;
	/** The simulated time the request left the client (header x-fake-clock, set by the test's transport), else Date.now(). */
	readonly at: number;
	/** What the fake answered (0 = it never answered). */
	status: number;
}

export type InjectedAnswer =
	| { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
	/** Never answers: the client's timeout must fire. */
	| { readonly hang: true }
	/** Answers 200 and the start of a body, then nothing more: the client's timeout must cover reading the body too. */
	| { readonly stallBody: true };

export interface FakeOptions {
	/** The key(s) it accepts (several = several key owners). */
	readonly apiKey: string | ReadonlyArray<string>;
	/** Polls of an operation that answer without `done` before it is done (default 2). */
	readonly pollsUntilDone?: number;
}

interface Operation {
	polls: number;
	readonly assetId: string;
	readonly assetType: string;
	failure?: { code: string; message: string };
}

export interface MultipartPart {
	readonly name: string;
	readonly fileName?: string;
	readonly contentType?: string;
	readonly body: Buffer;
}

/** Splits multipart/form-data strictly: a malformed body is a client bug the fake must report. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] | string {
	const match = /^multipart\/form-data;\s*boundary=(.+)$/i.exec(contentType ?? "");
	if (match === null) return `Content-Type must be multipart/form-data with a boundary (got ${contentType})`;
	const boundary = Buffer.from(`--${match[1]}`);
	const parts: MultipartPart[] = [];
	let start = body.indexOf(boundary);
	if (start !== 0) return "body must start with the boundary";
	for (;;) {
		const afterBoundary = start + boundary.length;
		if (body.subarray(afterBoundary, afterBoundary + 4).toString() === "--\r\n") break;
		const headerEnd = body.indexOf("\r\n\r\n", afterBoundary);
		const next = body.indexOf(boundary, headerEnd);
		if (headerEnd < 0 || next < 0) return "unterminated part";
		const head = body.subarray(afterBoundary + 2, headerEnd).toString("utf8");
		const disposition = /content-disposition: form-data; name="([^"]+)"(?:; filename="([^"]*)")?/i.exec(head);
		if (disposition === null) return `part without a form-data Content-Disposition: ${head}`;
		const type = /content-type: (.+)/i.exec(head)?.[1]?.trim();
		parts.push({
			name: disposition[1] as string,
			...(disposition[2] === undefined ? {} : { fileName: disposition[2] }),
			...(type === undefined ? {} : { contentType: type }),
			body: body.subarray(headerEnd + 4, next - 2),
		});
		start = next;
	}
	return parts;
}

/** An introspection answer as Roblox spells it (authorizedUserId is a number in the docs' example). */
export interface IntrospectionProfile {
	readonly name: string;
	readonly authorizedUserId: number | string;
	readonly scopes: ReadonlyArray<Record<string, unknown>>;
	readonly enabled: boolean;
	readonly expired: boolean;
	readonly expirationTimeUtc?: string;
}

/** Every scope a ToolBoxAI deploy needs, on every experience. */
export const FULL_ACCESS_KEY: IntrospectionProfile = {
	name: "toolboxai deploys",
	authorizedUserId: 234,
	scopes: [
		{ name: "universe-places", operations: ["write"], universeIds: ["*"] },
		{ name: "asset", operations: ["read", "write"], userIds: ["*"], groupIds: ["*"] },
		{ name: "universe-messaging-service", operations: ["publish"], universeIds: ["*"] },
		{ name: "universe-datastores.objects", operations: ["create", "update"], universeDatastores: [{ universeId: "*", datastoreName: "*" }] },
	],
	enabled: true,
	expired: false,
	expirationTimeUtc: "2027-01-01T12:00:00.000Z",
};

const ASSET_TYPES = new Set(["Model", "Decal", "Image", "Audio", "Animation", "Video"]);

export class FakeOpenCloud {
	readonly requests: RecordedRequest[] = [];
	readonly operations = new Map<string, Operation>();
	readonly entries = new Map<string, unknown>();
	readonly messages: Array<{ universeId: string; topic: string; message: string }> = [];
	private readonly injected: Array<{ pattern: RegExp; answer: InjectedAnswer }> = [];
	private readonly server: http.Server;
	private nextId = 1000;
	private placeVersions = new Map<string, number>();
	url = "";

	constructor(private readonly options: FakeOptions) {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on("data", (chunk: Buffer) => chunks.push(chunk));
			req.on("end", () => this.handle(req, Buffer.concat(chunks), res));
		});
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** The next requests whose "METHOD /path" matches get these answers, one each, in order. */
	inject(pattern: RegExp, ...answers: InjectedAnswer[]): void {
		for (const answer of answers) this.injected.push({ pattern, answer });
	}

	/** Forgets every injected answer not used yet (so one test's leftovers never reach the next). */
	clearInjected(): void {
		this.injected.length = 0;
	}

	/** Makes the operation of this asset fail when it finishes. */
	failOperation(operationId: string, failure: { code: string; message: string }): void {
		const operation = this.operations.get(operationId);
		if (operation !== undefined) operation.failure = failure;
	}

	private handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
		const url = new URL(req.url ?? "/", "http://fake");
		const clock = req.headers["x-fake-clock"];
		const record: RecordedRequest = {
			method: req.method ?? "",
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			body,
			at: typeof clock === "string" ? Number(clock) : Date.now(),
			status: 0,
		};
		this.requests.push(record);
		const reply = (status: number, payload: string, headers: Record<string, string> = {}) => {
			record.status = status;
			res.writeHead(status, { "content-type": "application/json", ...headers });
			res.end(payload);
		};
		const line = `${record.method} ${record.path}`;
		const index = this.injected.findIndex((entry) => entry.pattern.test(line));
		if (index >= 0) {
			const answer = (this.injected.splice(index, 1)[0] as { answer: InjectedAnswer }).answer;
			if ("hang" in answer) return; // no answer: the client times out
			if ("stallBody" in answer) {
				record.status = 200;
				res.writeHead(200, { "content-type": "application/json" });
				res.write('{"name": "toolbox');
				return;
			}
			reply(answer.status, answer.body ?? "", answer.headers);
			return;
		}
		if (line === "POST /api-keys/v1/introspect") {
			this.introspect(body, reply);
			return;
		}
		const keys: ReadonlyArray<string> = typeof this.options.apiKey === "string" ? [this.options.apiKey] : this.options.apiKey;
		if (!keys.includes(String(req.headers["x-api-key"]))) {
			reply(401, JSON.stringify({ errors: [{ code: 0, message: "Invalid API Key" }] }));
			return;
		}
		const badRequest = (message: string) => reply(400, JSON.stringify({ code: "INVALID_ARGUMENT", message }));
		let m: RegExpExecArray | null;
		if (line === "POST /assets/v1/assets" && this.holdingCreates()) return; // held: never answered, never created
		if (line === "POST /assets/v1/assets" || /^PATCH \/assets\/v1\/assets\/(\d+)$/.test(line)) {
			const problem = this.checkAssetMultipart(body, req.headers["content-type"], record.method === "POST");
			if (typeof problem === "string") {
				badRequest(problem);
				return;
			}
			const operationId = `op-${this.nextId++}`;
			const assetId = record.method === "POST" ? String(this.nextId++) : (/(\d+)$/.exec(record.path)?.[1] as string);
			this.operations.set(operationId, { polls: 0, assetId, assetType: problem.assetType });
			reply(200, JSON.stringify({ path: `operations/${operationId}`, operationId, done: false }));
			return;
		}
		m = /^GET \/assets\/v1\/operations\/([\w-]+)$/.exec(line);
		if (m !== null) {
			const operation = this.operations.get(m[1] as string);
			if (operation === undefined) {
				reply(404, JSON.stringify({ code: "NOT_FOUND", message: "Operation not found" }));
				return;
			}
			operation.polls += 1;
			// Live answers without `done` (and `response`) for a few seconds after creation.
			if (operation.polls <= (this.options.pollsUntilDone ?? 2)) {
				reply(200, JSON.stringify({ path: `operations/${m[1]}` }));
				return;
			}
			if (operation.failure !== undefined) {
				reply(200, JSON.stringify({ path: `operations/${m[1]}`, done: true, error: operation.failure }));
				return;
			}
			reply(
				200,
				JSON.stringify({
					path: `operations/${m[1]}`,
					done: true,
					response: {
						path: `assets/${operation.assetId}`,
						assetId: operation.assetId,
						revisionId: "1",
						displayName: "asset",
						assetType: operation.assetType,
						moderationResult: { moderationState: "MODERATION_STATE_APPROVED" },
						state: "Active",
					},
				}),
			);
			return;
		}
		m = /^POST \/universes\/v1\/(\d+)\/places\/(\d+)\/versions$/.exec(line);
		if (m !== null) {
			const versionType = url.searchParams.get("versionType");
			if (versionType !== "Saved" && versionType !== "Published") {
				badRequest("versionType must be Saved or Published");
				return;
			}
			if (req.headers["content-type"] !== "application/octet-stream" && req.headers["content-type"] !== "application/xml") {
				badRequest(`place files are application/octet-stream or application/xml (got ${req.headers["content-type"]})`);
				return;
			}
			if (body.length === 0) {
				badRequest("empty place file");
				return;
			}
			const key = `${m[1]}/${m[2]}`;
			const version = (this.placeVersions.get(key) ?? 0) + 1;
			this.placeVersions.set(key, version);
			record.status = 200;
			// Declared text/plain although the text is JSON, as the live API does.
			res.writeHead(200, { "content-type": "text/plain" });
			res.end(JSON.stringify({ versionNumber: version }));
			return;
		}
		m = /^POST \/cloud\/v2\/universes\/(\d+):publishMessage$/.exec(line);
		if (m !== null) {
			let payload: { topic?: unknown; message?: unknown };
			try {
				payload = JSON.parse(body.toString("utf8")) as typeof payload;
			} catch {
				badRequest("body is not JSON");
				return;
			}
			if (typeof payload.topic !== "string" || payload.topic.length > 80) {
				badRequest("topic must be a string of at most 80 characters");
				return;
			}
			if (typeof payload.message !== "string" || payload.message.length > 1024) {
				badRequest("message must be a string of at most 1024 characters");
				return;
			}
			this.messages.push({ universeId: m[1] as string, topic: payload.topic, message: payload.message });
			reply(200, "");
			return;
		}
		m = /^PATCH \/cloud\/v2\/universes\/(\d+)\/data-stores\/([^/]+)(?:\/scopes\/([^/]+))?\/entries\/([^/]+)$/.exec(line);
		if (m !== null) {
			const key = [m[1], decodeURIComponent(m[2] as string), decodeURIComponent(m[3] ?? "global"), decodeURIComponent(m[4] as string)].join("/");
			let payload: { value?: unknown };
			try {
				payload = JSON.parse(body.toString("utf8")) as typeof payload;
			} catch {
				badRequest("body is not JSON");
				return;
			}
			if (!("value" in payload)) {
				badRequest("value is required");
				return;
			}
			if (!this.entries.has(key) && url.searchParams.get("allowMissing") !== "true") {
				reply(404, JSON.stringify({ code: "NOT_FOUND", message: "Entry not found" }));
				return;
			}
			this.entries.set(key, payload.value);
			reply(200, JSON.stringify({ path: `universes/${m[1]}/data-stores/${m[2]}/entries/${m[4]}`, value: payload.value }));
			return;
		}
		reply(404, JSON.stringify({ code: "NOT_FOUND", message: `No route ${line}` }));
	}

	// ---- Holding asset creates (deploy resume tests) -------------------------------------------------------------

	private holdAfter: number | undefined;

	/** After `count` answered creates, further creates get no answer and create nothing, until releaseCreates(). */
	holdCreatesAfter(count: number): void {
		this.holdAfter = count;
	}

	releaseCreates(): void {
		this.holdAfter = undefined;
	}

	/** Creates answered 200, i.e. assets Roblox made. */
	answeredCreates(): RecordedRequest[] {
		return this.requests.filter((r) => r.method === "POST" && r.path === "/assets/v1/assets" && r.status === 200);
	}

	private holdingCreates(): boolean {
		return this.holdAfter !== undefined && this.answeredCreates().length >= this.holdAfter;
	}

	// ---- Key introspection (POST /api-keys/v1/introspect) --------------------------------------------------------

	/** What introspection answers per key; a key the fake accepts but has no profile for gets FULL_ACCESS_KEY. */
	readonly keyProfiles = new Map<string, IntrospectionProfile>();

	/** The docs' shape: the key in the body (no x-api-key header), scopes with resource lists ("*" = all). */
	private introspect(body: Buffer, reply: (status: number, payload: string) => void): void {
		let payload: { apiKey?: unknown };
		try {
			payload = JSON.parse(body.toString("utf8")) as typeof payload;
		} catch {
			reply(400, JSON.stringify({ code: "INVALID_ARGUMENT", message: "body is not JSON" }));
			return;
		}
		if (typeof payload.apiKey !== "string" || payload.apiKey === "") {
			reply(400, JSON.stringify({ code: "INVALID_ARGUMENT", message: "apiKey is required" }));
			return;
		}
		const keys: ReadonlyArray<string> = typeof this.options.apiKey === "string" ? [this.options.apiKey] : this.options.apiKey;
		const profile = this.keyProfiles.get(payload.apiKey) ?? (keys.includes(payload.apiKey) ? FULL_ACCESS_KEY : undefined);
		if (profile === undefined) {
			reply(401, JSON.stringify({ errors: [{ code: 0, message: "Invalid API Key" }] }));
			return;
		}
		reply(200, JSON.stringify(profile));
	}

	private checkAssetMultipart(body: Buffer, contentType: string | undefined, create: boolean): string | { assetType: string } {
		const parts = parseMultipart(body, contentType);
		if (typeof parts === "string") return parts;
		const request = parts.find((part) => part.name === "request");
		const file = parts.find((part) => part.name === "fileContent");
		if (request === undefined || file === undefined) return "multipart needs the parts request and fileContent";
		if (request.contentType !== "application/json") return "the request part must be application/json";
		if (file.contentType === undefined || file.contentType === "application/octet-stream") return "fileContent needs its real content type";
		if (file.body.length === 0) return "fileContent is empty";
		let json: Record<string, unknown>;
		try {
			json = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;
		} catch {
			return "the request part is not JSON";
		}
		if (!create) return { assetType: "Model" };
		if (typeof json.assetType !== "string" || !ASSET_TYPES.has(json.assetType)) return `unknown assetType ${String(json.assetType)}`;
		if (typeof json.displayName !== "string" || json.displayName === "") return "displayName is required";
		const creator = (json.creationContext as { creator?: Record<string, unknown> } | undefined)?.creator;
		if (creator === undefined || (typeof creator.userId !== "string" && typeof creator.groupId !== "string")) {
			return "creationContext.creator needs userId or groupId";
		}
		return { assetType: json.assetType };
	}
}
