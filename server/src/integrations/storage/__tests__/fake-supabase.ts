/**
 * A local Supabase Storage for tests, following the REST API that storage-js (@supabase/supabase-js) calls and
 * strict about it, so a driver that drifts from it fails here:
 * - every call but a signed download needs `apikey: <key>` (else 401, as the API gateway answers) and
 *   `Authorization: Bearer <key>` (else 403 "invalid signature");
 * - upload   POST   /storage/v1/object/{bucket}/{path}       raw body, Content-Type, x-upsert: true|false → {Id, Key}
 * - download GET    /storage/v1/object/{bucket}/{path}       → the bytes; missing → 400 {statusCode:"404"} (or 404)
 * - sign     POST   /storage/v1/object/sign/{bucket}/{path}  JSON {expiresIn} → {signedURL: "/object/sign/...?token="}
 * - signed   GET    /storage/v1/object/sign/{bucket}/{path}?token=…  (no key) → the bytes until the token expires
 * - remove   DELETE /storage/v1/object/{bucket}              JSON {prefixes: [...]} → the removed objects
 * - list     POST   /storage/v1/object/list/{bucket}         JSON {prefix, limit} → the prefix's direct children:
 *   files {name, id, metadata}, folders {name, id: null, metadata: null}
 * Faults can be queued (any status, Retry-After, a slow reply) and its clock moved for expiry.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
	readonly method: string;
	/** Decoded path, e.g. /storage/v1/object/toolboxai/tenants/x/files/y. */
	readonly path: string;
	readonly query: Record<string, string>;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly body: Buffer;
}

export interface Fault {
	readonly status?: number;
	readonly body?: unknown;
	readonly headers?: Record<string, string>;
	/** Answer this late (after the driver's timeout: a reply that never comes in time). */
	readonly delayMs?: number;
}

interface StoredObject {
	readonly bytes: Buffer;
	readonly contentType: string;
	readonly cacheControl: string | undefined;
	readonly id: string;
	readonly createdAt: string;
}

export interface FakeSupabaseOptions {
	readonly serviceRoleKey?: string;
	readonly bucket?: string;
	/** How a missing object is answered: 400 with statusCode "404" (storage before v1) or a plain 404. */
	readonly notFoundStatus?: 400 | 404;
}

const OBJECT = "/storage/v1/object/";
const SIGN = "/storage/v1/object/sign/";

export class FakeSupabase {
	readonly serviceRoleKey: string;
	readonly bucket: string;
	readonly requests: RecordedRequest[] = [];
	readonly objects = new Map<string, StoredObject>();
	private readonly faults: Fault[] = [];
	/** Replies being held back (a fault's delayMs): cancelled by stop, so a long delay never outlives the test. */
	private readonly delays = new Set<NodeJS.Timeout>();
	private readonly secret = randomBytes(32);
	private readonly notFoundStatus: 400 | 404;
	private clockOffsetMs = 0;
	private server?: Server;
	url = "";

	constructor(options: FakeSupabaseOptions = {}) {
		this.serviceRoleKey = options.serviceRoleKey ?? `sb_service_${randomBytes(12).toString("hex")}`;
		this.bucket = options.bucket ?? "toolboxai";
		this.notFoundStatus = options.notFoundStatus ?? 400;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		for (const timer of this.delays) clearTimeout(timer);
		this.delays.clear();
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	/** The next `count` storage calls get this answer instead (faults are used in order). */
	inject(fault: Fault, count = 1): void {
		for (let i = 0; i < count; i++) this.faults.push(fault);
	}

	/** Moves the fake's clock (signed URL expiry) forward. */
	advance(seconds: number): void {
		this.clockOffsetMs += seconds * 1000;
	}

	private now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = await readBody(req);
		const url = new URL(req.url ?? "/", "http://fake");
		let path: string;
		try {
			path = decodeURIComponent(url.pathname);
		} catch {
			return send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "Malformed URL" });
		}
		this.requests.push({ method: req.method ?? "", path, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
		const fault = this.faults.shift();
		if (fault !== undefined) {
			const delayMs = fault.delayMs;
			if (delayMs !== undefined) {
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => {
						this.delays.delete(timer);
						resolve();
					}, delayMs);
					this.delays.add(timer);
				});
			}
			if (fault.status !== undefined)
				return send(res, fault.status, fault.body ?? { statusCode: String(fault.status), error: "Injected", message: "injected fault" }, fault.headers);
		}
		if (req.method === "GET" && path.startsWith(SIGN)) return this.signedDownload(res, path.slice(SIGN.length), url.searchParams.get("token"));
		const refusal = this.authRefusal(req);
		if (refusal !== undefined) return send(res, refusal.status, refusal.body);
		if (req.method === "POST" && path.startsWith(SIGN)) return this.sign(req, res, path.slice(SIGN.length), body);
		if (!path.startsWith(OBJECT)) return send(res, 404, { statusCode: "404", error: "not_found", message: `Route ${req.method}:${path} not found` });
		const rest = path.slice(OBJECT.length);
		if (req.method === "POST" && rest === `list/${this.bucket}`) return this.list(res, body);
		if (req.method === "POST") return this.upload(req, res, rest, body);
		if (req.method === "GET") return this.download(res, rest);
		if (req.method === "DELETE") return this.remove(req, res, rest, body);
		return send(res, 404, { statusCode: "404", error: "not_found", message: `Route ${req.method}:${path} not found` });
	}

	private authRefusal(req: IncomingMessage): { status: number; body: unknown } | undefined {
		const apikey = req.headers.apikey;
		if (typeof apikey !== "string" || apikey === "") return { status: 401, body: { message: "No API key found in request" } };
		if (!same(apikey, this.serviceRoleKey)) return { status: 401, body: { message: "Invalid API key" } };
		if (!same(req.headers.authorization ?? "", `Bearer ${this.serviceRoleKey}`))
			return { status: 403, body: { statusCode: "403", error: "Unauthorized", message: "invalid signature" } };
		return undefined;
	}

	/** "bucket/some/path" → the object key, or an answer when the bucket is not ours or the path is empty. */
	private keyOf(bucketAndPath: string): { key: string } | { status: number; body: unknown } {
		const slash = bucketAndPath.indexOf("/");
		const bucket = slash < 0 ? bucketAndPath : bucketAndPath.slice(0, slash);
		const key = slash < 0 ? "" : bucketAndPath.slice(slash + 1);
		if (bucket !== this.bucket) return { status: 400, body: { statusCode: "404", error: "Bucket not found", message: "Bucket not found" } };
		if (key === "") return { status: 400, body: { statusCode: "400", error: "InvalidKey", message: "Invalid key" } };
		return { key };
	}

	private missing(res: ServerResponse): void {
		send(res, this.notFoundStatus, { statusCode: "404", error: "not_found", message: "Object not found" });
	}

	private upload(req: IncomingMessage, res: ServerResponse, bucketAndPath: string, body: Buffer): void {
		const target = this.keyOf(bucketAndPath);
		if (!("key" in target)) {
			send(res, target.status, target.body);
			return;
		}
		const upsert = req.headers["x-upsert"];
		if (upsert !== "true" && upsert !== "false") {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "x-upsert must be true or false" });
			return;
		}
		const contentType = req.headers["content-type"];
		// The driver sends raw bytes with their type; a form upload (the browser path) is not what it should send.
		if (contentType === undefined || contentType.startsWith("multipart/form-data")) {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "expected a raw body with its Content-Type" });
			return;
		}
		if (upsert === "false" && this.objects.has(target.key)) {
			send(res, 400, { statusCode: "409", error: "Duplicate", message: "The resource already exists" });
			return;
		}
		const id = randomUUID();
		this.objects.set(target.key, { bytes: body, contentType, cacheControl: req.headers["cache-control"], id, createdAt: new Date(this.now()).toISOString() });
		send(res, 200, { Id: id, Key: `${this.bucket}/${target.key}` });
	}

	private list(res: ServerResponse, body: Buffer): void {
		const { prefix, limit } = JSON.parse(body.toString("utf8") || "{}") as { prefix?: string; limit?: number };
		const base = prefix === undefined || prefix === "" ? "" : `${prefix.replace(/\/+$/, "")}/`;
		const folders = new Set<string>();
		const files: unknown[] = [];
		for (const [key, object] of [...this.objects.entries()].sort(([a], [b]) => a.localeCompare(b))) {
			if (!key.startsWith(base)) continue;
			const [name, ...deeper] = key.slice(base.length).split("/");
			if (deeper.length > 0) folders.add(name as string);
			else files.push({ name, id: object.id, created_at: object.createdAt, metadata: { size: object.bytes.length, mimetype: object.contentType } });
		}
		const entries = [...[...folders].map((name) => ({ name, id: null, created_at: null, metadata: null })), ...files];
		send(res, 200, entries.slice(0, limit ?? 100));
	}

	private download(res: ServerResponse, bucketAndPath: string): void {
		const target = this.keyOf(bucketAndPath);
		if (!("key" in target)) {
			send(res, target.status, target.body);
			return;
		}
		const object = this.objects.get(target.key);
		if (object === undefined) {
			this.missing(res);
			return;
		}
		res.writeHead(200, { "Content-Type": object.contentType, "Content-Length": object.bytes.length });
		res.end(object.bytes);
	}

	private sign(req: IncomingMessage, res: ServerResponse, bucketAndPath: string, body: Buffer): void {
		const target = this.keyOf(bucketAndPath);
		if (!("key" in target)) {
			send(res, target.status, target.body);
			return;
		}
		if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "expected JSON" });
			return;
		}
		const parsed = parseJson(body) as { expiresIn?: unknown } | undefined;
		const expiresIn = parsed?.expiresIn;
		if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn < 1) {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "body/expiresIn must be an integer >= 1" });
			return;
		}
		if (!this.objects.has(target.key)) {
			this.missing(res);
			return;
		}
		const token = this.token(`${this.bucket}/${target.key}`, Math.floor(this.now() / 1000) + expiresIn);
		send(res, 200, { signedURL: `/object/sign/${this.bucket}/${target.key}?token=${token}` });
	}

	private signedDownload(res: ServerResponse, bucketAndPath: string, token: string | null): void {
		const claims = token === null ? undefined : this.verify(token);
		if (claims === undefined || claims.url !== bucketAndPath) {
			send(res, 400, { statusCode: "400", error: "InvalidJWT", message: "invalid signature" });
			return;
		}
		if (claims.exp * 1000 <= this.now()) {
			send(res, 400, { statusCode: "400", error: "InvalidJWT", message: "jwt expired" });
			return;
		}
		this.download(res, bucketAndPath);
	}

	private remove(req: IncomingMessage, res: ServerResponse, bucket: string, body: Buffer): void {
		if (bucket !== this.bucket) {
			send(res, 400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
			return;
		}
		if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "expected JSON" });
			return;
		}
		const prefixes = (parseJson(body) as { prefixes?: unknown } | undefined)?.prefixes;
		if (!Array.isArray(prefixes) || prefixes.length === 0 || prefixes.length > 1000 || !prefixes.every((p) => typeof p === "string")) {
			send(res, 400, { statusCode: "400", error: "InvalidRequest", message: "body/prefixes must be an array of 1-1000 strings" });
			return;
		}
		const removed = [];
		for (const key of prefixes as string[]) {
			const object = this.objects.get(key);
			if (object === undefined) continue;
			this.objects.delete(key);
			removed.push({ name: key, bucket_id: this.bucket, id: object.id, created_at: object.createdAt, metadata: { mimetype: object.contentType, size: object.bytes.length } });
		}
		send(res, 200, removed);
	}

	/** A JWT-shaped token (HS256 over {url, exp}), as storage signs its URLs. */
	private token(url: string, exp: number): string {
		const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
		const payload = Buffer.from(JSON.stringify({ url, exp })).toString("base64url");
		const signature = createHmac("sha256", this.secret).update(`${header}.${payload}`).digest("base64url");
		return `${header}.${payload}.${signature}`;
	}

	private verify(token: string): { url: string; exp: number } | undefined {
		const [header, payload, signature] = token.split(".");
		if (header === undefined || payload === undefined || signature === undefined) return undefined;
		const expected = createHmac("sha256", this.secret).update(`${header}.${payload}`).digest("base64url");
		if (!same(signature, expected)) return undefined;
		return parseJson(Buffer.from(payload, "base64url")) as { url: string; exp: number } | undefined;
	}
}

function same(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

function parseJson(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString("utf8"));
	} catch {
		return undefined;
	}
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
	res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}
