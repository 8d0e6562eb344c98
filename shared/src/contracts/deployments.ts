import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { ActiveLesson } from "./runtime";

/**
 * Versioned deployment through Roblox Open Cloud: a tenant's environments (staging, production, ...),
 * releases (a place file + assets identified by SHA-256 + lesson versions), the plan of what a deploy would do,
 * and deployments with recorded steps (deploy or rollback). Files are content-addressed: the same bytes are stored
 * and uploaded to Roblox once per environment.
 */

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });
const Sha256 = s.string({ format: "sha256", description: "SHA-256 of the file's bytes, 64 lower-case hex digits." });
const RobloxId = s.integer({ minimum: 1, description: "A Roblox id (universe, place, asset, group or user)." });

/** Lower-case letters, digits and dashes; the name is what the CLI's `--env` takes. */
export const EnvironmentNameSchema = s.string({ minLength: 1, maxLength: 32, singleLine: true, description: "e.g. staging, production; lower-case letters, digits and -." });

/** What a deploy needs an Open Cloud key to do; the environment shows the ones its key lacks. */
export const REQUIRED_OPEN_CLOUD_SCOPES = [
	"universe-places:write",
	"asset:read",
	"asset:write",
	"universe-messaging-service:publish",
	"universe-datastores.objects:create",
	"universe-datastores.objects:update",
] as const;

export const EnvironmentCreateRequest = s.object(
	{
		name: EnvironmentNameSchema,
		universeId: RobloxId,
		placeId: RobloxId,
		groupId: s.optional(s.integer({ minimum: 1, description: "Assets are created for this group; default: the key's user." })),
		openCloudApiKey: s.optional(
			s.string({
				maxLength: 4096,
				singleLine: true,
				description: "Stored encrypted and never returned. Checked with key introspection on save. Absent or empty: deploys are dry runs.",
			}),
		),
	},
	{ example: { name: "staging", universeId: 4815162342, placeId: 1623420815 } },
);
export type EnvironmentCreateRequest = Infer<typeof EnvironmentCreateRequest>;

export const EnvironmentUpdateRequest = s.object(
	{
		name: s.optional(EnvironmentNameSchema),
		universeId: s.optional(RobloxId),
		placeId: s.optional(RobloxId),
		groupId: s.optional(s.integer({ minimum: 0, description: "0 clears it (assets go to the key's user)." })),
		openCloudApiKey: s.optional(s.string({ maxLength: 4096, singleLine: true, description: "A new key (checked on save); empty string removes the key." })),
	},
	{ example: { placeId: 1623420816 } },
);
export type EnvironmentUpdateRequest = Infer<typeof EnvironmentUpdateRequest>;

/** Resource ids a scope is restricted to, as introspection lists them ("*" = all of that type); absent = not restricted. */
const ScopeResourceIds = s.array(s.string({ maxLength: 32 }), { maxItems: 1000, description: "Ids this scope is restricted to; * = all." });

export const OpenCloudKeyScope = s.object({
	name: s.string({ maxLength: 200 }),
	operations: s.array(s.string({ maxLength: 200 }), { maxItems: 100 }),
	// Data store scopes are restricted per store; their universes are listed here.
	universeIds: s.optional(ScopeResourceIds),
	groupIds: s.optional(ScopeResourceIds),
	userIds: s.optional(ScopeResourceIds),
});
export type OpenCloudKeyScope = Infer<typeof OpenCloudKeyScope>;

export const OpenCloudKeyStatus = s.object(
	{
		configured: s.boolean({ description: "false: deploys to this environment are dry runs (recorded, nothing sent to Roblox)." }),
		lastFour: s.optional(s.string({ maxLength: 4 })),
		name: s.optional(s.string({ maxLength: 200, description: "The key's name on Roblox." })),
		ownerUserId: s.optional(RobloxId),
		scopes: s.array(OpenCloudKeyScope, { maxItems: 100 }),
		missingScopes: s.array(s.string({ maxLength: 200 }), { maxItems: 20, description: "Required operations the key cannot do; deploys fail until they are granted." }),
		expiresAt: s.optional(Timestamp),
		checkedAt: s.optional(Timestamp),
	},
	{ description: "What key introspection said when the key was saved; the key itself is never returned." },
);
export type OpenCloudKeyStatus = Infer<typeof OpenCloudKeyStatus>;

export const Environment = s.object(
	{
		id: Id,
		name: EnvironmentNameSchema,
		universeId: RobloxId,
		placeId: RobloxId,
		groupId: s.optional(RobloxId),
		mode: s.enumOf(["live", "dry_run"] as const, { description: "dry_run without a key: deploys record the exact requests instead of sending them." }),
		openCloudKey: OpenCloudKeyStatus,
		createdAt: Timestamp,
		updatedAt: Timestamp,
	},
	{
		example: {
			id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
			name: "staging",
			universeId: 4815162342,
			placeId: 1623420815,
			mode: "dry_run",
			openCloudKey: { configured: false, scopes: [], missingScopes: [] },
			createdAt: "2026-11-25T14:00:00.000Z",
			updatedAt: "2026-11-25T14:00:00.000Z",
		},
	},
);
export type Environment = Infer<typeof Environment>;
export const EnvironmentList = s.object({ items: s.array(Environment, { maxItems: 100 }) });
export type EnvironmentList = Infer<typeof EnvironmentList>;
export const EnvironmentDeleted = s.object({ id: Id, status: s.literal("deleted") });
export type EnvironmentDeleted = Infer<typeof EnvironmentDeleted>;

/** Asset types a release may carry (the Assets API's assetType values ToolBoxAI uploads). */
export const RELEASE_ASSET_TYPES = ["Image", "Decal", "Audio", "Model"] as const;
export type ReleaseAssetType = (typeof RELEASE_ASSET_TYPES)[number];

export const ReleasePlaceFile = s.object({
	sha256: Sha256,
	size: s.integer({ minimum: 1, maximum: 104857600 }),
	fileName: s.string({ minLength: 1, maxLength: 200, singleLine: true, description: "e.g. ToolBoxAI.rbxl; .rbxl (binary) or .rbxlx (XML)." }),
});
export type ReleasePlaceFile = Infer<typeof ReleasePlaceFile>;

export const ReleaseAsset = s.object({
	name: s.string({ minLength: 1, maxLength: 200, singleLine: true, description: "Its path under the assets folder, e.g. images/logo.png: the game looks assets up by it." }),
	sha256: Sha256,
	size: s.integer({ minimum: 1, maximum: 104857600 }),
	assetType: s.enumOf(RELEASE_ASSET_TYPES),
});
export type ReleaseAsset = Infer<typeof ReleaseAsset>;

export const ReleaseLesson = s.object({
	lessonId: Id,
	version: s.string({ format: "semver", maxLength: 64, description: "A version of the lesson (SemVer 2.0.0 without +build metadata)." }),
});
export type ReleaseLesson = Infer<typeof ReleaseLesson>;

export const ReleaseCreateRequest = s.object(
	{
		place: ReleasePlaceFile,
		assets: s.array(ReleaseAsset, { maxItems: 5000 }),
		lessons: s.optional(s.array(ReleaseLesson, { maxItems: 200, description: "Lesson versions pushed to live games; default: every published version assigned to a class." })),
		notes: s.optional(s.string({ maxLength: 2000 })),
	},
	{
		description: "Declares a release by the hashes of its files; the answer lists the files the service does not hold yet (upload each with PUT /v1/releases/{id}/files/{sha256}).",
		example: {
			place: { sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, fileName: "ToolBoxAI.rbxl" },
			assets: [{ name: "images/logo.png", sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", size: 2048, assetType: "Image" }],
		},
	},
);
export type ReleaseCreateRequest = Infer<typeof ReleaseCreateRequest>;

export const Release = s.object(
	{
		id: Id,
		number: s.integer({ minimum: 1, description: "1, 2, 3... per school." }),
		status: s.enumOf(["incomplete", "ready"] as const, { description: "ready once every file is held by the service." }),
		place: ReleasePlaceFile,
		assets: s.array(ReleaseAsset, { maxItems: 5000 }),
		lessons: s.array(ReleaseLesson, { maxItems: 200 }),
		missingFiles: s.array(Sha256, { maxItems: 5001, description: "Files still to upload." }),
		notes: s.optional(s.string({ maxLength: 2000 })),
		createdByUserId: s.optional(Id),
		createdAt: Timestamp,
	},
	{
		example: {
			id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
			number: 1,
			status: "incomplete",
			place: { sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, fileName: "ToolBoxAI.rbxl" },
			assets: [],
			lessons: [],
			missingFiles: ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
			createdAt: "2026-11-25T14:00:00.000Z",
		},
	},
);
export type Release = Infer<typeof Release>;
export const ReleasePage = s.object({ items: s.array(Release, { maxItems: 100 }), nextCursor: s.optional(s.string({ maxLength: 256 })) });
export type ReleasePage = Infer<typeof ReleasePage>;

export const StoredFile = s.object({
	sha256: Sha256,
	size: s.integer({ minimum: 1 }),
	contentType: s.string({ maxLength: 100 }),
	alreadyStored: s.boolean({ description: "true when the service held these bytes before this call." }),
});
export type StoredFile = Infer<typeof StoredFile>;

export const PlanRequest = s.object(
	{
		environment: EnvironmentNameSchema,
		releaseId: s.optional(Id),
		release: s.optional(ReleaseCreateRequest),
		force: s.optional(s.boolean({ description: "Publish even when the environment already runs this exact release." })),
	},
	{
		description: "Give releaseId (a stored release) or release (a manifest, not stored: e.g. `toolboxai deploy --plan` before uploading anything).",
		example: {
			environment: "staging",
			release: { place: { sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, fileName: "ToolBoxAI.rbxl" }, assets: [] },
		},
	},
);
export type PlanRequest = Infer<typeof PlanRequest>;

export const PlannedUpload = s.object({ name: s.string({ maxLength: 200 }), sha256: Sha256, assetType: s.enumOf(RELEASE_ASSET_TYPES), size: s.integer({ minimum: 1 }) });
export type PlannedUpload = Infer<typeof PlannedUpload>;
export const ReusedAsset = s.object({ name: s.string({ maxLength: 200 }), sha256: Sha256, assetId: s.string({ maxLength: 32 }) });
export type ReusedAsset = Infer<typeof ReusedAsset>;

export const PlannedCall = s.object({
	method: s.enumOf(["GET", "POST", "PATCH", "PUT", "DELETE"] as const),
	path: s.string({ maxLength: 300, description: "Path template on the Open Cloud host, e.g. /assets/v1/assets." }),
	count: s.integer({ minimum: 0 }),
	why: s.string({ maxLength: 300 }),
});
export type PlannedCall = Infer<typeof PlannedCall>;

export const DeploymentPlan = s.object(
	{
		environment: EnvironmentNameSchema,
		mode: s.enumOf(["live", "dry_run"] as const),
		upToDate: s.boolean({ description: "true: the environment already runs exactly this release; deploying does nothing (unless forced)." }),
		uploads: s.array(PlannedUpload, { maxItems: 5000, description: "Files Roblox does not have for this environment yet." }),
		filesToSend: s.array(Sha256, {
			maxItems: 5001,
			description: "Files the service does not hold yet. For a stored release this is also a problem (upload them first); for an inline manifest it is what a deploy sends first.",
		}),
		reused: s.array(ReusedAsset, { maxItems: 5000, description: "Files already uploaded to this environment: their asset ids are reused." }),
		publish: s.optional(s.object({ universeId: RobloxId, placeId: RobloxId, sha256: Sha256, size: s.integer({ minimum: 1 }), versionType: s.literal("Published") })),
		content: s.optional(
			s.object({
				dataStore: s.string({ maxLength: 50 }),
				entryId: s.string({ maxLength: 50 }),
				lessons: s.array(ReleaseLesson, { maxItems: 200 }),
				bytes: s.integer({ minimum: 0, description: "Size of the entry written (asset map + lesson content)." }),
			}),
		),
		message: s.optional(s.object({ topic: s.string({ maxLength: 80 }) })),
		calls: s.array(PlannedCall, { maxItems: 20, description: "Every Open Cloud call the deploy makes when each asset operation is done at its first poll." }),
		totalCalls: s.integer({ minimum: 0 }),
		problems: s.array(s.string({ maxLength: 500 }), { maxItems: 100, description: "What would make the deploy fail (missing scopes, files not uploaded yet, too large...)." }),
	},
	{
		example: {
			environment: "staging",
			mode: "dry_run",
			upToDate: false,
			uploads: [],
			filesToSend: [],
			reused: [],
			publish: { universeId: 4815162342, placeId: 1623420815, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, versionType: "Published" },
			calls: [{ method: "POST", path: "/universes/v1/{universeId}/places/{placeId}/versions", count: 1, why: "publish the place" }],
			totalCalls: 1,
			problems: [],
		},
	},
);
export type DeploymentPlan = Infer<typeof DeploymentPlan>;

export const DeploymentCreateRequest = s.object(
	{ environment: EnvironmentNameSchema, releaseId: Id, force: s.optional(s.boolean()) },
	{ example: { environment: "staging", releaseId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e" } },
);
export type DeploymentCreateRequest = Infer<typeof DeploymentCreateRequest>;

export const RollbackRequest = s.object(
	{ environment: s.optional(EnvironmentNameSchema) },
	{ description: "Optional check: the deployment rolled back to must belong to this environment.", example: { environment: "production" } },
);
export type RollbackRequest = Infer<typeof RollbackRequest>;

/** The recorded steps of every deployment, in order; each is idempotent, so a resumed deployment redoes none. */
export const DEPLOYMENT_STEPS = ["upload_assets", "wait_for_assets", "publish_place", "push_content", "message_servers"] as const;
export type DeploymentStepName = (typeof DEPLOYMENT_STEPS)[number];
export const DEPLOYMENT_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const DeploymentStep = s.object({
	name: s.enumOf(DEPLOYMENT_STEPS),
	status: s.enumOf(["pending", "running", "done", "skipped", "failed"] as const),
	done: s.integer({ minimum: 0, description: "Items finished (assets uploaded, operations done...)." }),
	total: s.integer({ minimum: 0 }),
	detail: s.optional(s.string({ maxLength: 500 })),
	startedAt: s.optional(Timestamp),
	finishedAt: s.optional(Timestamp),
});
export type DeploymentStep = Infer<typeof DeploymentStep>;

export const Deployment = s.object(
	{
		id: Id,
		environment: EnvironmentNameSchema,
		environmentId: Id,
		releaseId: Id,
		releaseNumber: s.integer({ minimum: 1 }),
		kind: s.enumOf(["deploy", "rollback"] as const),
		rollbackOf: s.optional(s.string({ format: "uuid", description: "For a rollback: the earlier deployment whose release is redeployed." })),
		status: s.enumOf(DEPLOYMENT_STATUSES),
		dryRun: s.boolean(),
		steps: s.array(DeploymentStep, { maxItems: 10 }),
		placeVersion: s.optional(s.integer({ minimum: 0, description: "The place version Roblox gave the publish (0 in a dry run)." })),
		error: s.optional(s.object({ code: s.string({ maxLength: 64 }), message: s.string({ maxLength: 1000 }) })),
		createdByUserId: s.optional(Id),
		createdAt: Timestamp,
		startedAt: s.optional(Timestamp),
		finishedAt: s.optional(Timestamp),
	},
	{
		example: {
			id: "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
			environment: "staging",
			environmentId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
			releaseId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
			releaseNumber: 1,
			kind: "deploy",
			status: "queued",
			dryRun: true,
			steps: [{ name: "upload_assets", status: "pending", done: 0, total: 0 }],
			createdAt: "2026-11-25T14:00:00.000Z",
		},
	},
);
export type Deployment = Infer<typeof Deployment>;
export const DeploymentPage = s.object({ items: s.array(Deployment, { maxItems: 100 }), nextCursor: s.optional(s.string({ maxLength: 256 })) });
export type DeploymentPage = Infer<typeof DeploymentPage>;

export const DEPLOYMENT_ASSET_STATUSES = ["pending", "uploading", "processing", "done", "failed", "reused"] as const;
export const DeploymentAssetProgress = s.object({
	name: s.string({ maxLength: 200 }),
	assetType: s.enumOf(RELEASE_ASSET_TYPES),
	status: s.enumOf(DEPLOYMENT_ASSET_STATUSES, { description: "reused: Roblox already has this file for the environment; its asset id is used again." }),
	assetId: s.optional(s.string({ maxLength: 32, description: "The Roblox asset id, once known." })),
	operationId: s.optional(s.string({ maxLength: 200, description: "The Open Cloud Assets operation of the upload." })),
});
export type DeploymentAssetProgress = Infer<typeof DeploymentAssetProgress>;

export const DeploymentDetail = s.object(
	{
		deployment: Deployment,
		startedBy: s.string({ maxLength: 200, description: "Who started it, in words: a person's name, an API key's name, or ToolBoxAI itself." }),
		assets: s.array(DeploymentAssetProgress, { maxItems: 5000, description: "Each asset of the release, by name, and what this deployment did with it." }),
	},
	{
		description: "A deployment with what a person reading it needs: who started it and each asset.",
		example: {
			deployment: Deployment.example as Infer<typeof Deployment>,
			startedBy: "Ada Lovelace",
			assets: [{ name: "images/logo.png", assetType: "Image", status: "done", assetId: "1234567890", operationId: "8f3c2a1e-7d6b-4c5a-9e8f-0a1b2c3d4e5f" }],
		},
	},
);
export type DeploymentDetail = Infer<typeof DeploymentDetail>;

/** Where a deployment puts what live games read (data store v2 entry) and the topic it announces releases on. */
export const RELEASE_DATA_STORE = "ToolBoxAI";
export const RELEASE_ENTRY_KEY = "release";
export const RELEASE_TOPIC = "ToolBoxAI.release";

export const ReleaseContentEntry = s.object(
	{
		releaseId: Id,
		releaseNumber: s.integer({ minimum: 1 }),
		assets: s.record(s.string({ minLength: 1, maxLength: 32, description: "The Roblox asset id." }), {
			maxEntries: 5000,
			description: "Asset name (its path in the release) → Roblox asset id.",
		}),
		lessons: s.array(ActiveLesson, { maxItems: 200 }),
	},
	{
		description: "The data store entry ToolBoxAI/release a deployment writes: game servers find assets by name and can play these lessons when the service cannot be reached.",
		example: {
			releaseId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
			releaseNumber: 1,
			assets: { "images/logo.png": "1234567890" },
			lessons: [],
		},
	},
);
export type ReleaseContentEntry = Infer<typeof ReleaseContentEntry>;

export const ReleaseAnnouncement = s.object(
	{
		releaseId: Id,
		releaseNumber: s.integer({ minimum: 1 }),
		placeVersion: s.integer({ minimum: 0 }),
	},
	{
		description: "The message (JSON text) a deployment publishes on ToolBoxAI.release once the release is live.",
		example: { releaseId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", releaseNumber: 1, placeVersion: 7 },
	},
);
export type ReleaseAnnouncement = Infer<typeof ReleaseAnnouncement>;
