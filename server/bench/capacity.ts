/**
 * Capacity: how many game servers one instance holds. The service runs as its own process (as deployed:
 * NODE_ENV=production, real Postgres + Redis); this process plays N game servers, each sending a 20-event progress
 * batch every 5 s, polling the lesson content with If-None-Match every 30 s and joining a student now and then, plus
 * teachers reading their class's progress every 10 s. N rises step by step until any route's p99 passes the limit
 * or a request fails; the result is the last N held, with each step's requests/s, per-route latency and the CPU
 * used by the service, Postgres and Redis (from /proc, as a share of one core).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { createSequelize } from "../src/db/sequelize";
import { signUpBenchSchool } from "./bench-school";

export interface CapacityOptions {
	/** Game servers per step, rising. */
	readonly steps: ReadonlyArray<number>;
	readonly stepSeconds: number;
	readonly teachers: number;
	/** A step fails once any route's p99 passes this. */
	readonly p99LimitMs: number;
	readonly databaseUrl: string;
	readonly redisUrl: string;
	/** The Postgres data directory (postmaster.pid) and Redis port, for the CPU split; optional. */
	readonly postgresDataDir?: string;
	readonly redisPid?: number;
	/** More settings for the service (e.g. load shedding off for a smoke run on a busy machine). */
	readonly serviceEnv?: NodeJS.ProcessEnv;
}

export interface RouteFigures {
	readonly requests: number;
	readonly errors: number;
	readonly p50Ms: number;
	readonly p99Ms: number;
}

export interface StepResult {
	readonly servers: number;
	readonly requestsPerSecond: number;
	readonly routes: Readonly<Record<string, RouteFigures>>;
	readonly slowestRoute: string;
	/** Share of one core used during the step (1 = a whole core). */
	readonly cpu: { readonly service: number; readonly postgres?: number; readonly redis?: number };
	readonly held: boolean;
}

export interface CapacityResult {
	readonly name: "capacity";
	readonly at: string;
	/** The most game servers a step held (0: not even the first). */
	readonly held: number;
	readonly p99LimitMs: number;
	readonly steps: ReadonlyArray<StepResult>;
}

const REPO_ROOT = path.resolve(__dirname, "../..");
const LESSONS = 5;
const STUDENTS = 40;
const BATCH_EVENTS = 20;
const BATCH_EVERY_MS = 5_000;
const POLL_EVERY_MS = 30_000;
const JOIN_EVERY_MS = 60_000;
const TEACHER_EVERY_MS = 10_000;
const CLOCK_TICKS_PER_SECOND = 100;

function startService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; baseUrl: string }> {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let output = "";
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString("utf8");
			const port = /"port":(\d+)[^\n]*server listening/.exec(output)?.[1];
			if (port !== undefined) {
				child.stdout?.off("data", onData);
				child.stdout?.resume();
				resolve({ child, baseUrl: `http://127.0.0.1:${port}` });
			}
		};
		child.stdout?.on("data", onData);
		child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
		child.once("exit", (code) => reject(new Error(`the service exited (${code}) before listening:\n${output.slice(-3000)}`)));
	});
}

async function call(baseUrl: string, method: string, route: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}${route}`, {
		method,
		headers: { "content-type": "application/json", ...headers },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

interface School {
	readonly token: string;
	readonly secret: string;
	readonly classId: string;
	readonly joinCode: string;
	readonly lessonIds: ReadonlyArray<string>;
	readonly students: ReadonlyArray<number>;
}

async function seedSchool(baseUrl: string, databaseUrl: string): Promise<School> {
	const db = createSequelize({ url: databaseUrl, poolMax: 1, logger: pino({ level: "silent" }) });
	try {
		const school = await signUpBenchSchool(baseUrl, db, {
			organizationName: "Capacity School",
			email: `bench.${randomUUID()}@school.example`,
			password: "correct horse battery staple 42",
		});
		const auth = { authorization: `Bearer ${school.accessToken}` };
		const klass = await call(baseUrl, "POST", "/v1/classes", auth, { name: "Capacity class" });
		const lessonIds: string[] = [];
		for (let index = 0; index < LESSONS; index++) {
			const lesson = await call(baseUrl, "POST", "/v1/lessons", auth, { title: `Capacity lesson ${index}`, subject: "math", gradeBand: "3-5", objectives: [] });
			const content = { schemaVersion: 1, title: `Capacity lesson ${index}`, steps: [{ kind: "instruction", id: "intro", text: "Fractions name parts of a whole." }] };
			await call(baseUrl, "POST", `/v1/lessons/${lesson.id}/versions`, auth, { version: "1.0.0", content });
			await call(baseUrl, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, auth, {});
			await call(baseUrl, "POST", `/v1/classes/${klass.id}/assignments`, auth, { lessonId: lesson.id, version: "1.0.0" });
			lessonIds.push(lesson.id as string);
		}
		const key = await call(baseUrl, "POST", "/v1/api-keys", auth, { name: "Capacity experience", scopes: ["classes:join", "progress:write", "runtime:read"] });
		const secret = key.secret as string;
		const base = 800_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
		const students: number[] = [];
		for (let i = 0; i < STUDENTS; i++) {
			await call(baseUrl, "POST", "/v1/runtime/classes/join", { "x-api-key": secret }, { joinCode: klass.joinCode, robloxUserId: base + i, displayName: `Capacity${i}` });
			students.push(base + i);
		}
		return { token: school.accessToken, secret, classId: klass.id as string, joinCode: klass.joinCode as string, lessonIds, students };
	} finally {
		await db.close();
	}
}

/** CPU seconds (user + system) a process and, optionally, its children have used so far. */
function cpuSeconds(pid: number, withChildren = false): number {
	const of = (id: number) => {
		try {
			const fields = readFileSync(`/proc/${id}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
			return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
		} catch {
			return 0;
		}
	};
	let total = of(pid);
	if (withChildren) {
		for (const entry of readdirSync("/proc")) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				const parent = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
				if (parent === pid) total += of(Number(entry));
			} catch {
				// gone meanwhile
			}
		}
	}
	return total;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return Number((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number).toFixed(1));
}

/** One step: `servers` game servers and the teachers for `seconds`, every action timed. */
async function runStep(
	baseUrl: string,
	school: School,
	servers: number,
	options: CapacityOptions,
	pids: { service: number; postgres?: number; redis?: number },
): Promise<StepResult> {
	const latencies = new Map<string, number[]>();
	const errors = new Map<string, number>();
	const inFlight = new Set<Promise<void>>();
	let etag = "";
	const timed = (route: string, run: () => Promise<Response>, ok: (res: Response) => boolean) => {
		const started = performance.now();
		const done = run()
			.then(async (res) => {
				const tag = res.headers.get("etag");
				if (route === "content poll" && tag !== null) etag = tag;
				await res.arrayBuffer();
				if (!ok(res)) errors.set(route, (errors.get(route) ?? 0) + 1);
			})
			.catch(() => {
				errors.set(route, (errors.get(route) ?? 0) + 1);
			})
			.finally(() => {
				const list = latencies.get(route) ?? [];
				list.push(performance.now() - started);
				latencies.set(route, list);
				inFlight.delete(done);
			});
		inFlight.add(done);
	};
	const gameHeaders = (server: number) => ({ "content-type": "application/json", "x-api-key": school.secret, "x-roblox-job-id": `capacity-${server}` });
	const batch = (server: number) =>
		timed(
			"progress batch",
			() =>
				fetch(`${baseUrl}/v1/runtime/progress/batches`, {
					method: "POST",
					headers: gameHeaders(server),
					body: JSON.stringify({
						batchId: randomUUID(),
						events: Array.from({ length: BATCH_EVENTS }, (_, i) => ({
							kind: "answer_submitted",
							eventId: randomUUID(),
							robloxUserId: school.students[(server + i) % school.students.length],
							lessonId: school.lessonIds[(server + i) % school.lessonIds.length],
							stepId: `q${i % 5}`,
							answer: { correct: i % 3 !== 0, points: 10 },
							occurredAt: new Date().toISOString(),
						})),
					}),
				}),
			(res) => res.status === 200,
		);
	const poll = (server: number) =>
		timed(
			"content poll",
			() => fetch(`${baseUrl}/v1/runtime/lessons/active`, { headers: { ...gameHeaders(server), ...(etag === "" ? {} : { "if-none-match": etag }) } }),
			(res) => res.status === 200 || res.status === 304,
		);
	const join = (server: number) =>
		timed(
			"class join",
			() =>
				fetch(`${baseUrl}/v1/runtime/classes/join`, {
					method: "POST",
					headers: gameHeaders(server),
					body: JSON.stringify({ joinCode: school.joinCode, robloxUserId: school.students[server % school.students.length], displayName: "Returning" }),
				}),
			(res) => res.status === 200,
		);
	const teacher = () =>
		timed(
			"class progress",
			() => fetch(`${baseUrl}/v1/classes/${school.classId}/progress`, { headers: { authorization: `Bearer ${school.token}` } }),
			(res) => res.status === 200,
		);

	// Each server starts at its own moment in each period, as servers of a live experience do; within the step's first
	// half at the latest, so even a short step sees every kind of request.
	const schedule: Array<{ at: number; every: number; act: () => void }> = [];
	const start = performance.now();
	const firstWithin = (every: number) => start + Math.random() * Math.min(every, (options.stepSeconds * 1000) / 2);
	for (let server = 0; server < servers; server++) {
		schedule.push({ at: firstWithin(BATCH_EVERY_MS), every: BATCH_EVERY_MS, act: () => batch(server) });
		schedule.push({ at: firstWithin(POLL_EVERY_MS), every: POLL_EVERY_MS, act: () => poll(server) });
		schedule.push({ at: start + Math.random() * JOIN_EVERY_MS, every: JOIN_EVERY_MS, act: () => join(server) });
	}
	for (let t = 0; t < options.teachers; t++) schedule.push({ at: firstWithin(TEACHER_EVERY_MS), every: TEACHER_EVERY_MS, act: teacher });
	const cpuBefore = {
		service: cpuSeconds(pids.service),
		postgres: pids.postgres === undefined ? 0 : cpuSeconds(pids.postgres, true),
		redis: pids.redis === undefined ? 0 : cpuSeconds(pids.redis),
	};
	const end = start + options.stepSeconds * 1000;
	while (performance.now() < end) {
		const now = performance.now();
		for (const item of schedule) {
			while (item.at <= now && item.at < end) {
				item.act();
				item.at += item.every;
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await Promise.all([...inFlight]);
	const seconds = (performance.now() - start) / 1000;
	const share = (before: number, after: number) => Number(((after - before) / seconds).toFixed(2));
	const routes: Record<string, RouteFigures> = {};
	let total = 0;
	for (const [route, list] of latencies) {
		const sorted = [...list].sort((a, b) => a - b);
		total += list.length;
		routes[route] = { requests: list.length, errors: errors.get(route) ?? 0, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
	}
	const slowestRoute = Object.entries(routes).sort(([, a], [, b]) => b.p99Ms - a.p99Ms)[0]?.[0] ?? "";
	const held = Object.values(routes).every((route) => route.errors === 0 && route.p99Ms <= options.p99LimitMs);
	return {
		servers,
		requestsPerSecond: Number((total / seconds).toFixed(1)),
		routes,
		slowestRoute,
		cpu: {
			service: share(cpuBefore.service, cpuSeconds(pids.service)),
			...(pids.postgres === undefined ? {} : { postgres: share(cpuBefore.postgres, cpuSeconds(pids.postgres, true)) }),
			...(pids.redis === undefined ? {} : { redis: share(cpuBefore.redis, cpuSeconds(pids.redis)) }),
		},
		held,
	};
}

export async function runCapacity(options: CapacityOptions, onStep: (step: StepResult) => void = () => undefined): Promise<CapacityResult> {
	const { child, baseUrl } = await startService({
		NODE_ENV: "production",
		PORT: "0",
		HOST: "127.0.0.1",
		PUBLIC_URL: "http://localhost",
		// Info: the line that names the port; later lines are drained unread.
		LOG_LEVEL: "info",
		DATABASE_URL: options.databaseUrl,
		REDIS_URL: options.redisUrl,
		SECRETS_KEY: randomBytes(32).toString("base64"),
		MAIL_DRIVER: "outbox",
		DATA_DIR: path.join(REPO_ROOT, ".tmp", `capacity-${process.pid}`),
		...options.serviceEnv,
	});
	try {
		const school = await seedSchool(baseUrl, options.databaseUrl);
		const postmaster = options.postgresDataDir === undefined ? undefined : Number(readFileSync(path.join(options.postgresDataDir, "postmaster.pid"), "utf8").split("\n")[0]);
		const pids = {
			service: child.pid as number,
			...(postmaster === undefined ? {} : { postgres: postmaster }),
			...(options.redisPid === undefined ? {} : { redis: options.redisPid }),
		};
		const steps: StepResult[] = [];
		let held = 0;
		for (const servers of options.steps) {
			const step = await runStep(baseUrl, school, servers, options, pids);
			steps.push(step);
			onStep(step);
			if (!step.held) break;
			held = servers;
		}
		return { name: "capacity", at: new Date().toISOString(), held, p99LimitMs: options.p99LimitMs, steps };
	} finally {
		child.kill("SIGTERM");
		await new Promise((resolve) => child.once("exit", resolve));
	}
}
