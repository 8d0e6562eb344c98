import type { Deployment, DeploymentPlan, DeploymentStep, Release } from "@toolboxai/shared";

/** Replies as the service's contracts describe them, for unit tests of the CLI's own logic. */
export const DEPLOYMENT_ID = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
export const RELEASE_ID = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";

export function steps(status: DeploymentStep["status"], overrides: Partial<Record<DeploymentStep["name"], Partial<DeploymentStep>>> = {}): DeploymentStep[] {
	return (["upload_assets", "wait_for_assets", "publish_place", "push_content", "message_servers"] as const).map((name) => ({
		name,
		status,
		done: 0,
		total: 0,
		...overrides[name],
	}));
}

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
	return {
		id: DEPLOYMENT_ID,
		environment: "staging",
		environmentId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
		releaseId: RELEASE_ID,
		releaseNumber: 3,
		kind: "deploy",
		status: "queued",
		dryRun: true,
		steps: steps("pending"),
		createdAt: "2026-11-25T14:00:00.000Z",
		...overrides,
	};
}

export function plan(overrides: Partial<DeploymentPlan> = {}): DeploymentPlan {
	return {
		environment: "staging",
		mode: "dry_run",
		upToDate: false,
		uploads: [{ name: "images/logo.png", sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", assetType: "Image", size: 2048 }],
		reused: [{ name: "sounds/intro.ogg", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", assetId: "1234" }],
		publish: { universeId: 4815162342, placeId: 1623420815, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, versionType: "Published" },
		calls: [
			{ method: "POST", path: "/assets/v1/assets", count: 1, why: "create the asset" },
			{ method: "POST", path: "/universes/v1/{universeId}/places/{placeId}/versions", count: 1, why: "publish the place" },
		],
		totalCalls: 2,
		problems: [],
		filesToSend: [],
		...overrides,
	};
}

export function release(overrides: Partial<Release> = {}): Release {
	return {
		id: RELEASE_ID,
		number: 3,
		status: "incomplete",
		place: { sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, fileName: "ToolBoxAI.rbxl" },
		assets: [],
		lessons: [],
		missingFiles: [],
		createdAt: "2026-11-25T14:00:00.000Z",
		...overrides,
	};
}
