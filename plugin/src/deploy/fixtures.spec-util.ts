import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime } from "../auth/fake-auth.spec-util";
import { SignIn } from "../auth/sign-in";
import { SESSION_SETTING } from "../auth/token-store";

/** Test helpers for the deploy specs (".spec-util": kept out of the production builds like the specs). */
export const URL = "http://toolboxai.test";
export const ENV_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const RELEASE_1 = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d51";
export const RELEASE_2 = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d52";
export const DEPLOYMENT_1 = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e61";
export const DEPLOYMENT_2 = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e62";
const SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

export function environment(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: ENV_ID,
		name,
		universeId: 4815162342,
		placeId: 1623420815,
		mode: "dry_run",
		openCloudKey: { configured: false, scopes: [], missingScopes: [] },
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
		...extra,
	};
}

export function release(id: string, number: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id,
		number,
		status: "ready",
		place: { sha256: SHA, size: 48213, fileName: "ToolBoxAI.rbxl" },
		assets: [{ name: "images/logo.png", sha256: SHA, size: 2048, assetType: "Image" }],
		lessons: [],
		missingFiles: [],
		createdAt: "2026-11-25T14:03:09.123Z",
		...extra,
	};
}

export type StepStatus = "pending" | "running" | "done" | "skipped" | "failed";

export function steps(status: StepStatus, done = 0, total = 0): Array<Record<string, unknown>> {
	const names = ["upload_assets", "wait_for_assets", "publish_place", "push_content", "message_servers"];
	return names.map((name) => ({ name, status, done, total }));
}

export function deployment(id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id,
		environment: "staging",
		environmentId: ENV_ID,
		releaseId: RELEASE_1,
		releaseNumber: 1,
		kind: "deploy",
		status,
		dryRun: true,
		steps: steps(status === "succeeded" ? "done" : "pending"),
		createdAt: "2026-11-25T14:05:00.000Z",
		...extra,
	};
}

export function plan(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		environment: "staging",
		mode: "dry_run",
		upToDate: false,
		uploads: [{ name: "images/logo.png", sha256: SHA, assetType: "Image", size: 2048 }],
		filesToSend: [],
		reused: [],
		publish: { universeId: 4815162342, placeId: 1623420815, sha256: SHA, size: 48213, versionType: "Published" },
		calls: [{ method: "POST", path: "/assets/v1/assets", count: 1, why: "create the asset" }],
		totalCalls: 2,
		problems: [],
		...extra,
	};
}

/** The plugin signed in (unless told otherwise) against a service played by `answer`, on a fake clock. */
export function signedInPlugin(answer: (request: FakeRequest) => FakeAnswer, signedIn = true) {
	const http = fakeAuthHttp(answer);
	const time = fakeTime();
	const settings = fakeSettings(signedIn ? { [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt: time.now() + 900 } } : {});
	return { http, time, signIn: new SignIn({ http, settings, wait: time.wait, now: time.now }) };
}
