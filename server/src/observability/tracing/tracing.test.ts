/**
 * Traces of the real service (main.ts in a child process, real Postgres and Redis, the SDK's in-memory exporter):
 * a sign-up request has its SQL as descendants, the mail job it enqueues runs as a consumer span whose parent is
 * the producer span inside the request, and the job's call to (a local fake of) SendGrid is a client span below the
 * consumer that carried the trace on. Log lines carry the trace id beside the request id. Without
 * OTEL_EXPORTER_OTLP_ENDPOINT nothing of the SDK is loaded and nothing is patched.
 */
import { SpanKind } from "@opentelemetry/api";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../../http/__tests__/harness";
import { type FakeSendGrid, startFakeSendGrid } from "../../integrations/mail/__tests__/fake-sendgrid";
import { FakeOpenCloud } from "../../integrations/open-cloud/__tests__/fake-open-cloud";
import { API_KEY } from "../../integrations/open-cloud/__tests__/test-kit";
import type { LoadedModules, SpanRecord } from "./__tests__/main-with-memory-exporter";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
const SENDGRID_KEY = "SG.tracing-test-key";
jest.setTimeout(90_000);

type LogLine = Record<string, unknown>;

interface Child {
	readonly process: ChildProcess;
	readonly lines: LogLine[];
	readonly exited: Promise<number | null>;
	ask<T>(question: "spans" | "loaded"): Promise<T>;
}

function startChild(env: NodeJS.ProcessEnv): Child {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/observability/tracing/__tests__/main-with-memory-exporter.ts"], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		stdio: ["ignore", "pipe", "pipe", "ipc"],
	});
	const lines: LogLine[] = [];
	let buffered = "";
	child.stdout?.on("data", (chunk: Buffer) => {
		buffered += chunk.toString("utf8");
		for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
			const text = buffered.slice(0, newline).trim();
			buffered = buffered.slice(newline + 1);
			if (text !== "") lines.push(JSON.parse(text) as LogLine);
		}
	});
	let stderr = "";
	child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
	const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
	void exited.then((code) => {
		if (code !== 0) process.stderr.write(`traced child exited ${code}: ${stderr}\n`);
	});
	return {
		process: child,
		lines,
		exited,
		ask: <T>(question: "spans" | "loaded") =>
			new Promise<T>((resolve) => {
				const onMessage = (message: Record<string, unknown>) => {
					if (!(question in message)) return;
					child.off("message", onMessage);
					resolve(message[question] as T);
				};
				child.on("message", onMessage);
				child.send(question);
			}),
	};
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, boundMs = 45_000): Promise<T> {
	const deadline = Date.now() + boundMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const message = (text: string) => (line: LogLine) => typeof line.msg === "string" && line.msg.startsWith(text);

async function listeningPort(child: Child): Promise<number> {
	const line = await until("the service to listen", () => child.lines.find(message("ToolBoxAI server listening on")));
	return Number(line.port);
}

/** Whether `span` sits below `ancestor` in the tree of `spans`. */
function isBelow(span: SpanRecord, ancestor: SpanRecord, spans: ReadonlyArray<SpanRecord>): boolean {
	const byId = new Map(spans.map((s) => [s.spanId, s]));
	for (let parentId = span.parentSpanId; parentId !== undefined; parentId = byId.get(parentId)?.parentSpanId) {
		if (parentId === ancestor.spanId) return true;
	}
	return false;
}

let database: TestDatabase;
let dataDir: string;
let sendgrid: FakeSendGrid;
let openCloud: FakeOpenCloud;
const children: Child[] = [];

function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return {
		NODE_ENV: "test",
		PORT: "0",
		HOST: "127.0.0.1",
		LOG_LEVEL: "info",
		DATA_DIR: dataDir,
		DATABASE_URL: database.url,
		// A Redis database of its own: the job crosses BullMQ, so the trace context really travels through Redis.
		REDIS_URL: `${process.env.TEST_REDIS_URL}/9`,
		SENDGRID_API_KEY: SENDGRID_KEY,
		MAIL_FROM: "ToolBoxAI <no-reply@toolboxai.school.example>",
		SENDGRID_API_URL: sendgrid.url,
		ROBLOX_OPEN_CLOUD_URL: openCloud.url,
		...extra,
	};
}

beforeAll(async () => {
	database = await createTestDatabase("tracing");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-tracing-"));
	sendgrid = await startFakeSendGrid(SENDGRID_KEY);
	openCloud = await new FakeOpenCloud({ apiKey: API_KEY }).start();
});

afterAll(async () => {
	for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
	await Promise.all(children.map((child) => child.exited));
	await sendgrid?.close();
	await openCloud?.close();
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("traces a request's SQL, the job it enqueues (producer → consumer), outgoing HTTP from node:http and fetch; logs carry the trace id", async () => {
	const child = startChild(env({ TRACE_TEST_EXPORTER: "memory" }));
	children.push(child);
	const port = await listeningPort(child);
	const email = `tracing.${Date.now()}@school.example`;
	const res = await fetch(`http://127.0.0.1:${port}/v1/signup`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ organizationName: "Cedar Vale", email }),
	});
	expect(res.status).toBe(202);
	const requestId = res.headers.get("x-request-id");

	// The job's span ends after its call to SendGrid does: wait for both, not the first alone.
	const spans = await until("the job and its call to SendGrid to be traced", async () => {
		const all = await child.ask<SpanRecord[]>("spans");
		const called = all.some((s) => s.kind === SpanKind.CLIENT && String(s.attributes["url.full"] ?? "").startsWith(sendgrid.url));
		const consumed = all.some((s) => s.kind === SpanKind.CONSUMER && s.name === "process mail.send");
		return called && consumed ? all : undefined;
	});
	const server = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes["url.path"] === "/v1/signup");
	if (server === undefined) throw new Error(`no server span for the sign-up: ${JSON.stringify(spans.map((s) => s.name))}`);
	expect(server.attributes["http.route"]).toBe("/v1/signup");
	expect(server.name).toBe("POST /v1/signup");

	// The request's SQL: pg spans below the server span.
	const sql = spans.filter((s) => (s.attributes["db.system"] ?? s.attributes["db.system.name"]) === "postgresql" && isBelow(s, server, spans));
	expect(sql.length).toBeGreaterThan(0);
	expect(sql.some((s) => String(s.attributes["db.statement"] ?? s.attributes["db.query.text"] ?? "").includes("INSERT"))).toBe(true);

	// Producer inside the request, consumer parented to it (after crossing Redis), the outgoing call below the consumer.
	const producer = spans.find((s) => s.kind === SpanKind.PRODUCER && s.name === "send mail.send");
	const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER && s.name === "process mail.send");
	if (producer === undefined || consumer === undefined) throw new Error(`no job spans: ${JSON.stringify(spans.map((s) => s.name))}`);
	expect(isBelow(producer, server, spans)).toBe(true);
	expect(consumer.parentSpanId).toBe(producer.spanId);
	expect(consumer.traceId).toBe(server.traceId);
	expect(consumer.attributes["toolboxai.job.attempt"]).toBe(1);
	const outgoing = spans.find((s) => s.kind === SpanKind.CLIENT && String(s.attributes["url.full"] ?? "").startsWith(`${sendgrid.url}/v3/mail/send`));
	if (outgoing === undefined) throw new Error("no client span for the SendGrid call");
	expect(isBelow(outgoing, consumer, spans)).toBe(true);
	expect(outgoing.attributes["http.response.status_code"]).toBe(202);
	// The fake received the trace context: a downstream service would continue the same trace.
	const sent = sendgrid.sends().find((r) => JSON.stringify(r.body).includes(email));
	expect(String(sent?.headers.traceparent)).toContain(server.traceId);

	// The request's log line: request id and trace id side by side; the job's lines carry the same trace.
	const logged = await until("the request's log line", () => child.lines.find((line) => line.requestId === requestId && message("POST /v1/signup")(line)));
	expect(logged.trace_id).toBe(server.traceId);
	expect(typeof logged.span_id).toBe("string");

	// An error body keeps its requestId; the log line for it has the trace id too.
	const refused = await fetch(`http://127.0.0.1:${port}/v1/classes`);
	const body = (await refused.json()) as { error: { requestId: string } };
	expect(refused.status).toBe(401);
	const refusedLine = await until("the refused request's log line", () => child.lines.find((line) => line.requestId === body.error.requestId && line.msg !== undefined));
	expect(refusedLine.trace_id).toMatch(/^[0-9a-f]{32}$/);

	// fetch (undici) is traced too: Open Cloud (and Supabase) calls made inside a request are client spans below it.
	const link = /sign-up\/complete\?token=([A-Za-z0-9_%-]+)/.exec(JSON.stringify(sent?.body))?.[1];
	if (link === undefined) throw new Error("no sign-up link in the mail");
	const completed = await fetch(`http://127.0.0.1:${port}/v1/signup/complete`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ token: decodeURIComponent(link), password: "a long enough passphrase 42" }),
	});
	expect(completed.status).toBe(201);
	const { tokens } = (await completed.json()) as { tokens: { accessToken: string } };
	const saved = await fetch(`http://127.0.0.1:${port}/v1/environments`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.accessToken}` },
		body: JSON.stringify({ name: "traced", universeId: 5501, placeId: 5502, openCloudApiKey: API_KEY }),
	});
	expect(saved.status).toBe(201);
	const withFetch = await until("the Open Cloud call to be traced", async () => {
		const all = await child.ask<SpanRecord[]>("spans");
		return all.some((s) => s.kind === SpanKind.CLIENT && String(s.attributes["url.full"] ?? "").startsWith(openCloud.url)) ? all : undefined;
	});
	const environments = withFetch.find((s) => s.kind === SpanKind.SERVER && s.attributes["http.route"] === "/v1/environments");
	const introspect = withFetch.find((s) => s.kind === SpanKind.CLIENT && s.attributes["url.full"] === `${openCloud.url}/api-keys/v1/introspect`);
	if (environments === undefined || introspect === undefined) throw new Error(`no environments/introspect spans: ${JSON.stringify(withFetch.map((s) => s.name))}`);
	expect(isBelow(introspect, environments, withFetch)).toBe(true);

	child.process.kill("SIGTERM");
	expect(await child.exited).toBe(0);
});

it("without OTEL_EXPORTER_OTLP_ENDPOINT loads no SDK, patches nothing and logs no trace ids", async () => {
	const child = startChild(env({}));
	children.push(child);
	const port = await listeningPort(child);
	expect((await fetch(`http://127.0.0.1:${port}/v1/classes`)).status).toBe(401);
	const loaded = await child.ask<LoadedModules>("loaded");
	expect(loaded).toEqual({ openTelemetry: [], httpPatched: false });
	const line = await until("the request's log line", () => child.lines.find(message("GET /v1/classes")));
	expect(line.requestId).toEqual(expect.any(String));
	expect(child.lines.some((l) => "trace_id" in l)).toBe(false);
	child.process.kill("SIGTERM");
	expect(await child.exited).toBe(0);
});

it("with OTEL_EXPORTER_OTLP_ENDPOINT exports the spans over OTLP/HTTP (flushed at shutdown), named for the service and its role", async () => {
	const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
	const collector = createServer((req, res) => {
		let body = "";
		req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
		req.on("end", () => {
			received.push({ path: req.url ?? "", headers: req.headers, body });
			res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
		});
	});
	await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
	try {
		const child = startChild(env({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` }));
		children.push(child);
		const port = await listeningPort(child);
		expect(child.lines.some(message("traces: exported over OTLP/HTTP"))).toBe(true);
		const res = await fetch(`http://127.0.0.1:${port}/v1/classes`);
		expect(res.status).toBe(401);
		const requestId = res.headers.get("x-request-id");
		const line = await until("the request's log line", () => child.lines.find((l) => l.requestId === requestId && l.msg !== undefined));
		child.process.kill("SIGTERM");
		expect(await child.exited).toBe(0);

		const exports = received.filter((r) => r.path === "/v1/traces");
		expect(exports.length).toBeGreaterThan(0);
		const payloads = exports.map((r) => JSON.parse(r.body) as OtlpExport);
		const resources = payloads.flatMap((p) => p.resourceSpans);
		const spans = resources.flatMap((r) => r.scopeSpans.flatMap((scope) => scope.spans));
		expect(spans.some((span) => span.traceId === line.trace_id && span.name.startsWith("GET"))).toBe(true);
		const attributes = Object.fromEntries(resources[0]?.resource.attributes.map((a) => [a.key, a.value.stringValue]) ?? []);
		expect(attributes).toMatchObject({ "service.name": "toolboxai-server", "toolboxai.role": "all" });
	} finally {
		collector.closeAllConnections();
		await new Promise((resolve) => collector.close(resolve));
	}
});

interface OtlpExport {
	readonly resourceSpans: ReadonlyArray<{
		readonly resource: { readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: { readonly stringValue?: string } }> };
		readonly scopeSpans: ReadonlyArray<{ readonly spans: ReadonlyArray<{ readonly traceId: string; readonly name: string }> }>;
	}>;
}
