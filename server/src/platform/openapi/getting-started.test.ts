/**
 * The getting-started page runs: every step it shows is sent to the service as written (values saved along the
 * way, the sign-up token from the mail), each answers its documented status, and at the end the class's progress
 * shows the student's answers. The page renders each step as a curl command and the reference links to it.
 */
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { signupToken } from "../../modules/tenancy/__tests__/tenancy-fixtures";
import { curlCommand } from "./getting-started-page";
import { EXAMPLE_ROBLOX_USER_ID, GETTING_STARTED, type GuideRequest } from "./getting-started-steps";

jest.setTimeout(60_000);

let database: TestDatabase;
let t: TestApp;
beforeAll(async () => {
	database = await createTestDatabase("getting_started");
	t = await startTestApp({ database });
	// The progress counting job runs here as in the service (the harness leaves the domain's jobs to each test).
	await t.infra.queue.start();
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** `$NAME` replaced by what earlier steps saved, everywhere in a path or a body. */
function filledIn<T>(value: T, saved: Record<string, string>): T {
	const text = JSON.stringify(value).replace(/\$([A-Z_]+)/g, (_whole, name: string) => {
		if (saved[name] === undefined) throw new Error(`the guide uses $${name} before any step saves it`);
		return saved[name];
	});
	return JSON.parse(text) as T;
}

/** What jq -r would print for a path like `.tokens.accessToken`. */
function jqPath(body: unknown, path: string): string {
	let value: unknown = body;
	for (const key of path.split(".").slice(1)) value = (value as Record<string, unknown> | undefined)?.[key];
	if (typeof value !== "string" && typeof value !== "number") throw new Error(`${path} is not in the answer: ${JSON.stringify(body)}`);
	return String(value);
}

async function send(step: GuideRequest, saved: Record<string, string>): Promise<request.Response> {
	const path = filledIn(step.path, saved);
	let req = step.method === "GET" ? request(t.app).get(path) : request(t.app).post(path);
	if (step.auth === "token") req = req.set("Authorization", `Bearer ${saved.TOKEN}`);
	if (step.auth === "key") req = req.set("X-Api-Key", saved.KEY);
	return step.body === undefined ? req : req.send(filledIn(step.body, saved) as object);
}

describe("GET /docs/getting-started", () => {
	it("walks from signing up to the student's progress, every request answering as the page says", async () => {
		const saved: Record<string, string> = {};
		for (const step of GETTING_STARTED) {
			for (const guideRequest of step.requests) {
				if (guideRequest.path === "/v1/signup/complete") saved.SIGNUP_TOKEN = await signupToken(t, (GETTING_STARTED[0].requests[0].body as { email: string }).email);
				const res = await send(guideRequest, saved);
				const where = `${step.title}: ${guideRequest.method} ${guideRequest.path}`;
				expect({ where, status: res.status }).toEqual({ where, status: guideRequest.status });
				for (const [name, path] of Object.entries(guideRequest.save ?? {})) saved[name] = jqPath(res.body, path);
			}
		}
		const last = GETTING_STARTED[GETTING_STARTED.length - 1].requests[0];
		// Counted by a background job: read again until nothing is pending (a generous bound, not a duration check).
		const deadline = Date.now() + 30_000;
		let progress = await send(last, saved);
		while (progress.body.pendingEvents !== 0 || progress.body.items?.length === 0) {
			if (Date.now() > deadline) throw new Error(`progress still pending: ${JSON.stringify(progress.body)}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
			progress = await send(last, saved);
		}
		expect(progress.body.items).toEqual([
			expect.objectContaining({ robloxUserId: EXAMPLE_ROBLOX_USER_ID, displayName: "BlockBuilder42", lessonId: saved.LESSON_ID, version: "1.0.0", score: 10, maxScore: 10 }),
		]);
		expect(progress.body.items[0].stepsCompleted).toBeGreaterThanOrEqual(1);
	});

	it("shows each step as a curl command, and the API reference links to it", async () => {
		const page = await request(t.app).get("/docs/getting-started");
		expect(page.status).toBe(200);
		expect(page.headers["content-type"]).toMatch(/^text\/html/);
		const fromHtml = (html: string) => html.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
		const blocks = [...page.text.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => fromHtml(m[1]));
		expect(blocks[0]).toMatch(/^export TOOLBOXAI=http/);
		const commands = GETTING_STARTED.flatMap((step) => step.requests.map(curlCommand));
		expect(blocks.slice(1)).toEqual(commands);
		for (const title of ["Sign up your school", "Make a class", "Make a key for the game", "Join from a game", "See progress"]) expect(page.text).toContain(title);
		expect(curlCommand(GETTING_STARTED[2].requests[0])).toBe(
			[
				`curl -sS -w '\\n' -X POST "$TOOLBOXAI/v1/classes" \\`,
				'  -H "Authorization: Bearer $TOKEN" \\',
				'  -H "Content-Type: application/json" -d @- <<EOF | tee class-id.json',
				JSON.stringify({ name: "Period 3 Fractions", gradeBand: "6-8", subject: "Math" }, null, 2),
				"EOF",
				"export CLASS_ID=$(jq -r '.id' class-id.json)",
				"export JOIN_CODE=$(jq -r '.joinCode' class-id.json)",
			].join("\n"),
		);
		expect((await request(t.app).get("/docs/guide.css")).headers["content-type"]).toMatch(/^text\/css/);
		const document = (await request(t.app).get("/openapi.json")).body as { info: { description: string } };
		expect(document.info.description).toContain("[Getting started](/docs/getting-started)");
	});
});
