import { Release, ReleaseCreateRequest, ReleasePage, StoredFile, type Infer } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { defineRoute, reply } from "../../http/route";
import { filesHandler } from "../../integrations/storage/files-route";
import type { Access } from "../../access/access";
import { callerOf, pathId } from "../../http/request-context";
import { createRelease } from "./create-release";
import { ASSET_MAX_BYTES, PLACE_MAX_BYTES } from "./file-rules";
import { getRelease } from "./get-release";
import { RELEASE_PAGE_DEFAULT, RELEASE_PAGE_MAX, listReleases } from "./list-releases";
import { uploadReleaseFile } from "./upload-release-file";

/** A deploy manager (dashboard, Studio) or a key with deployments:write (CI, the CLI). */
const WRITE: Access = { kind: "user_or_api_key", permission: "deployments:manage", scope: "deployments:write" };
/** Anyone who may watch deployments (teachers too), or the CLI's key. */
const READ: Access = { kind: "user_or_api_key", permission: "deployments:read", scope: "deployments:write" };

/** A manifest at the contract's limits (5,000 assets, names of 200 characters) is about 1.7 MB of JSON. */
export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

/** The largest upload the route reads: the larger of Roblox's limits; each file is then held to its own. */
export const UPLOAD_MAX_BYTES = Math.max(PLACE_MAX_BYTES, ASSET_MAX_BYTES);

const releaseId = (params: Readonly<Record<string, string>>) => pathId(params.releaseId, "release");

const CREATE_EXAMPLE: Infer<typeof ReleaseCreateRequest> = {
	place: { sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 48213, fileName: "ToolBoxAI.rbxl" },
	assets: [{ name: "images/logo.png", sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", size: 2048, assetType: "Image" }],
	lessons: [{ lessonId: "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", version: "1.0.0" }],
	notes: "Fractions unit, new lobby art",
};

/** Releases: what a deploy publishes, declared by hash, and the uploads of their files. */
export const releasesModule: AppModule = {
	name: "releases",
	routes: (deps) => [
		defineRoute({
			method: "post",
			path: "/v1/releases",
			operationId: "createRelease",
			summary: "Declare a release: its place file, assets and lesson versions",
			description:
				"Releases are numbered 1, 2, 3... per school and deduplicated by content: a manifest identical to an existing release of the school (same place file, same assets by name, hash, size and type, same lesson versions; notes aside) answers that release with 200 instead of numbering a new one. Files are named by SHA-256 and size; missingFiles lists those the service does not hold yet: upload each with PUT /v1/releases/{releaseId}/files/{sha256}, after which the release is ready. " +
				`Without lessons, the release takes every lesson version assigned to a class now. Refused (422 with the path of each problem): a place not named .rbxl/.rbxlx, a place over ${PLACE_MAX_BYTES} bytes or an asset over ${ASSET_MAX_BYTES} (Roblox's limits), an asset name used twice, one file declared with two sizes (or another size than the service holds), a held file declared as something its bytes are not, an unknown lesson version.`,
			tags: ["deployments"],
			access: WRITE,
			// 5,000 assets with long names are over the default 1 MiB.
			request: { body: ReleaseCreateRequest, example: CREATE_EXAMPLE, maxBytes: MANIFEST_MAX_BYTES },
			response: { status: 201, body: Release, description: "The new release and the files still to upload." },
			otherResponses: [{ status: 200, body: Release, description: "An existing release has exactly this content: that release, not a new number." }],
			errors: [],
			handle: async ({ req, body }) => {
				const { release, created } = await createRelease(deps, callerOf(req), body);
				return created ? release : reply(200, release);
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/releases",
			operationId: "listReleases",
			summary: "The school's releases, newest first",
			description: `Page with ?limit= (1-${RELEASE_PAGE_MAX}, default ${RELEASE_PAGE_DEFAULT}) and ?cursor= (nextCursor of the previous page).`,
			tags: ["deployments"],
			access: READ,
			query: pageQueryParameters({ defaultLimit: RELEASE_PAGE_DEFAULT, maxLimit: RELEASE_PAGE_MAX }),
			response: { status: 200, body: ReleasePage, description: "One page of releases." },
			errors: ["bad_request"],
			handle: ({ req }) => listReleases(deps, callerOf(req), pageQuery(req, { defaultLimit: RELEASE_PAGE_DEFAULT, maxLimit: RELEASE_PAGE_MAX })),
		}),
		defineRoute({
			method: "get",
			path: "/v1/releases/:releaseId",
			operationId: "getRelease",
			summary: "One release, with the files still to upload",
			tags: ["deployments"],
			access: READ,
			response: { status: 200, body: Release, description: "The release." },
			errors: ["not_found"],
			handle: ({ req, params }) => getRelease(deps, callerOf(req), { releaseId: releaseId(params) }),
		}),
		defineRoute<Buffer, StoredFile>({
			method: "put",
			path: "/v1/releases/:releaseId/files/:sha256",
			operationId: "uploadReleaseFile",
			summary: "Upload one file a release names",
			description:
				"The body is the file's bytes. It must hash to {sha256}, have the size the release declares, and be what the release says it is, judged by its bytes: " +
				".rbxl binary (<roblox! header) or .rbxlx XML place of at most 10 MiB; Image/Decal PNG, JPEG, BMP or TGA under 8000x8000; Audio MP3, OGG, WAV or FLAC; Model rbxm, rbxmx, FBX or glTF binary; assets at most 20 MB. " +
				"Anything else is 422 file_rejected saying what was expected. Files are stored once per school: uploading one the service holds answers 200 with alreadyStored.",
			tags: ["deployments"],
			access: WRITE,
			rawBody: { contentTypes: ["application/octet-stream"], maxBytes: UPLOAD_MAX_BYTES, description: "The file's bytes." },
			response: { status: 201, body: StoredFile, description: "Stored now." },
			otherResponses: [{ status: 200, body: StoredFile, description: "The service already held these bytes (alreadyStored: true)." }],
			errors: ["not_found", "file_rejected", "unavailable", "upstream_failed"],
			handle: async ({ req, params, body }) => {
				const { file, created } = await uploadReleaseFile(deps, callerOf(req), {
					releaseId: releaseId(params),
					sha256: params.sha256 ?? "",
					body,
					...(req.rawBodySha256 === undefined ? {} : { bodySha256: req.rawBodySha256 }),
				});
				return created ? file : reply(200, file);
			},
		}),
	],
	// With the local driver, its signed links (/files/...) are served here; Supabase serves its own.
	handler: ({ infra }) => filesHandler(infra.storage),
};
