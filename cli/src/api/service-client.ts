import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { ErrorResponse, type Schema } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { CliError } from "../cli-error";
import type { CliConfig } from "../config";
import { retryDelayMs } from "./retry-after";

/** Times a request answered 429 is asked again before the CLI gives up with rate_limited. */
export const MAX_RATE_LIMIT_RETRIES = 8;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestOptions<T> {
	readonly method: "GET" | "POST" | "PUT";
	readonly path: string;
	readonly json?: unknown;
	/** A file sent as application/octet-stream, streamed from disk (opened again for each retry). */
	readonly file?: { readonly path: string; readonly size: number };
	readonly schema: Schema<T>;
}

export interface ServiceClientOptions {
	readonly sleep?: Sleep;
	readonly fetch?: typeof fetch;
	/** Told about each 429 wait, for the progress display. */
	readonly onRateLimited?: (waitMs: number, path: string) => void;
}

function describeNetworkError(err: unknown): string {
	const cause = (err as { cause?: { code?: string; message?: string } }).cause;
	return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

/**
 * The service as the CLI sees it: JSON in, every 2xx reply checked against its shared contract (unknown fields
 * stripped, so a newer service may add some), every other reply turned into a CliError carrying the service's own
 * code and message. A 429 is waited out (Retry-After) and asked again; nothing else is retried.
 */
export class ServiceClient {
	private readonly sleep: Sleep;
	private readonly fetchImpl: typeof fetch;

	constructor(
		private readonly config: CliConfig,
		private readonly options: ServiceClientOptions = {},
	) {
		this.sleep = options.sleep ?? realSleep;
		this.fetchImpl = options.fetch ?? fetch;
	}

	async request<T>(options: RequestOptions<T>): Promise<T> {
		const url = `${this.config.url}${options.path}`;
		for (let attempt = 0; ; attempt++) {
			const response = await this.send(url, options);
			if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
				const wait = retryDelayMs(response.headers.get("retry-after"), attempt);
				await response.body?.cancel();
				this.options.onRateLimited?.(wait, options.path);
				await this.sleep(wait);
				continue;
			}
			return this.read(response, options, url);
		}
	}

	private async send<T>(url: string, options: RequestOptions<T>): Promise<Response> {
		const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${this.config.apiKey}` };
		let body: RequestInit["body"];
		if (options.json !== undefined) {
			headers["Content-Type"] = "application/json";
			body = JSON.stringify(options.json);
		} else if (options.file !== undefined) {
			headers["Content-Type"] = "application/octet-stream";
			headers["Content-Length"] = String(options.file.size);
			body = Readable.toWeb(createReadStream(options.file.path)) as ReadableStream<Uint8Array>;
		}
		try {
			// duplex "half": required by Node's fetch for a streamed request body.
			return await this.fetchImpl(url, { method: options.method, headers, body, duplex: "half" } as RequestInit);
		} catch (err) {
			throw new CliError("unreachable", "unreachable", `Cannot reach the ToolBoxAI service at ${this.config.url} (${describeNetworkError(err)}). Check TOOLBOXAI_URL.`);
		}
	}

	private async read<T>(response: Response, options: RequestOptions<T>, url: string): Promise<T> {
		const text = await response.text().catch(() => "");
		let body: unknown;
		try {
			body = text === "" ? undefined : JSON.parse(text);
		} catch {
			body = undefined;
		}
		const where = `${options.method} ${options.path}`;
		if (response.ok) {
			const checked = parse(options.schema, body, { unknownKeys: "strip" });
			if (!checked.ok) {
				const issue = checked.issues[0];
				const what = body === undefined ? "is not JSON" : `does not match the contract (${issue.path === "" ? "" : `${issue.path}: `}${issue.message})`;
				throw new CliError("bad_reply", "bad_reply", `The service's reply to ${where} ${what}. Is TOOLBOXAI_URL a ToolBoxAI service of this version?`, response.status);
			}
			return checked.value;
		}
		const problem = parse(ErrorResponse, body, { unknownKeys: "strip" });
		if (!problem.ok) {
			throw new CliError("bad_reply", "bad_reply", `${url} answered HTTP ${response.status}, which is not a ToolBoxAI reply. Check TOOLBOXAI_URL.`, response.status);
		}
		return Promise.reject(new CliError("service", problem.value.error.code, problem.value.error.message, response.status));
	}
}
