import type { Deployment, DeploymentAssetProgress, DeploymentStep, DeploymentStepName } from "@toolboxai/shared";

/** The words a person reads for a deployment's steps, statuses and assets. */
export const STEP_WORDS: Record<DeploymentStepName, string> = {
	upload_assets: "Upload new assets to Roblox",
	wait_for_assets: "Wait for Roblox to process the assets",
	publish_place: "Publish the place",
	push_content: "Send lessons and the asset list to live games",
	message_servers: "Tell running game servers",
};

export const DEPLOYMENT_STATUS_WORDS: Record<Deployment["status"], string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };

export const STEP_STATUS_WORDS: Record<DeploymentStep["status"], string> = {
	pending: "Not started",
	running: "Running",
	done: "Done",
	skipped: "Nothing to do",
	failed: "Failed",
};

export const ASSET_STATUS_WORDS: Record<DeploymentAssetProgress["status"], string> = {
	pending: "Waiting",
	uploading: "Uploading",
	processing: "Roblox is processing it",
	done: "Uploaded",
	failed: "Failed",
	reused: "Already on Roblox",
};

export const ASSET_TYPE_WORDS: Record<DeploymentAssetProgress["assetType"], string> = { Image: "Image", Decal: "Decal", Audio: "Audio", Model: "Model" };
