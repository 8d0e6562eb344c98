/**
 * The getting-started walkthrough as data: what /docs/getting-started renders as curl commands, and what its test
 * runs step by step against the service, so the page cannot drift from what the API accepts. `$NAME` in a path or
 * body is a value an earlier step saved (or, for SIGNUP_TOKEN, the link in the sign-up mail).
 */
export interface GuideRequest {
	readonly method: "GET" | "POST";
	readonly path: string;
	/** token: the access token from signing in; key: the game's API key. */
	readonly auth?: "token" | "key";
	readonly body?: unknown;
	readonly status: number;
	/** Values to keep for later steps: variable name → jq path into the answer (e.g. ".id"). */
	readonly save?: Readonly<Record<string, string>>;
}

export interface GuideStep {
	readonly title: string;
	/** Plain sentences (no markup). */
	readonly text: ReadonlyArray<string>;
	readonly requests: ReadonlyArray<GuideRequest>;
}

export const EXAMPLE_ROBLOX_USER_ID = 1234567;

export const GETTING_STARTED: ReadonlyArray<GuideStep> = [
	{
		title: "Sign up your school",
		text: [
			"Ask for a school. The service mails a link to finish (valid 24 hours, usable once) and answers 202 whatever happens, so nobody can learn which addresses have accounts.",
			"On the embedded default (npm start with no settings) no mail leaves the machine: the link is printed in the service's log. Put the token=… part of the link in SIGNUP_TOKEN.",
		],
		requests: [{ method: "POST", path: "/v1/signup", body: { organizationName: "Cedar Ridge Middle School", email: "you@cedar-ridge.example" }, status: 202 }],
	},
	{
		title: "Finish, and keep your access token",
		text: [
			"Choose your password: this creates the school with you as its admin and signs you in. The access token lasts 15 minutes (POST /v1/auth/login or /v1/auth/refresh gives a new one).",
			"Trying the demo school of the embedded default instead? Sign in with POST /v1/auth/login and the email and password printed when the service started.",
		],
		requests: [
			{
				method: "POST",
				path: "/v1/signup/complete",
				body: { token: "$SIGNUP_TOKEN", password: "a long enough passphrase 42", displayName: "Ms Rivera" },
				status: 201,
				save: { TOKEN: ".tokens.accessToken" },
			},
		],
	},
	{
		title: "Make a class",
		text: ["The answer has the class's id and its join code, which students type in the game."],
		requests: [
			{
				method: "POST",
				path: "/v1/classes",
				auth: "token",
				body: { name: "Period 3 Fractions", gradeBand: "6-8", subject: "Math" },
				status: 201,
				save: { CLASS_ID: ".id", JOIN_CODE: ".joinCode" },
			},
		],
	},
	{
		title: "Give it a lesson",
		text: [
			"Teachers usually build lessons in Roblox Studio with the ToolBoxAI plugin. Through the API: create the lesson, upload a version of its content, publish it and assign it to the class.",
		],
		requests: [
			{
				method: "POST",
				path: "/v1/lessons",
				auth: "token",
				body: { title: "Fractions on a number line", subject: "math", gradeBand: "3-5", objectives: ["Place 1/2 and 3/4 on a number line"] },
				status: 201,
				save: { LESSON_ID: ".id" },
			},
			{
				method: "POST",
				path: "/v1/lessons/$LESSON_ID/versions",
				auth: "token",
				body: {
					version: "1.0.0",
					content: {
						schemaVersion: 1,
						title: "Fractions on a number line",
						steps: [
							{ kind: "instruction", id: "intro", text: "Walk to the number line and find one half." },
							{
								kind: "quiz",
								id: "q1",
								prompt: "Which is larger?",
								points: 10,
								question: {
									type: "single_choice",
									choices: [
										{ id: "a", text: "1/2", correct: false },
										{ id: "b", text: "3/4", correct: true },
									],
								},
							},
						],
					},
				},
				status: 201,
			},
			{ method: "POST", path: "/v1/lessons/$LESSON_ID/versions/1.0.0/publish", auth: "token", body: {}, status: 200 },
			{ method: "POST", path: "/v1/classes/$CLASS_ID/assignments", auth: "token", body: { lessonId: "$LESSON_ID", version: "1.0.0" }, status: 201 },
		],
	},
	{
		title: "Make a key for the game",
		text: ["Game servers call the service with an API key. The secret is shown in this answer only: store it in Creator Hub → your experience → Secrets as toolboxai_api_key."],
		requests: [
			{
				method: "POST",
				path: "/v1/api-keys",
				auth: "token",
				body: { name: "Fractions experience", scopes: ["runtime:read", "classes:join", "progress:write"] },
				status: 201,
				save: { KEY: ".secret" },
			},
		],
	},
	{
		title: "Join from a game",
		text: [
			"A student types the join code in the game; the game server sends it with the student's Roblox UserId and display name (no email, no real name). Here is the same call.",
		],
		requests: [
			{
				method: "POST",
				path: "/v1/runtime/classes/join",
				auth: "key",
				body: { joinCode: "$JOIN_CODE", robloxUserId: EXAMPLE_ROBLOX_USER_ID, displayName: "BlockBuilder42" },
				status: 200,
			},
		],
	},
	{
		title: "Play: the game sends progress",
		text: ["While the student plays, the game server batches what happens. Each event has its own id, so sending a batch again never counts twice."],
		requests: [
			{
				method: "POST",
				path: "/v1/runtime/progress/batches",
				auth: "key",
				body: {
					batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34",
					events: [
						{
							kind: "lesson_started",
							eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e",
							robloxUserId: EXAMPLE_ROBLOX_USER_ID,
							lessonId: "$LESSON_ID",
							occurredAt: "2026-11-25T13:09:16Z",
						},
						{
							kind: "step_completed",
							eventId: "7b2f1e3d-4c5b-4a6a-9e8d-2f3a4b5c6d7e",
							robloxUserId: EXAMPLE_ROBLOX_USER_ID,
							lessonId: "$LESSON_ID",
							stepId: "intro",
							durationMs: 42000,
							occurredAt: "2026-11-25T13:09:58Z",
						},
						{
							kind: "answer_submitted",
							eventId: "8c3a2f4e-5d6c-4b7b-8f9e-3a4b5c6d7e8f",
							robloxUserId: EXAMPLE_ROBLOX_USER_ID,
							lessonId: "$LESSON_ID",
							stepId: "q1",
							answer: { correct: true, points: 10, choiceIds: ["b"] },
							occurredAt: "2026-11-25T13:10:20Z",
						},
					],
				},
				status: 200,
			},
		],
	},
	{
		title: "See progress",
		text: [
			"Progress is counted by a background job, a few seconds behind: pendingEvents says how many events are still being counted. The dashboard shows the same on the class's page (Classes → the class).",
		],
		requests: [{ method: "GET", path: "/v1/classes/$CLASS_ID/progress/lessons", auth: "token", status: 200 }],
	},
];
