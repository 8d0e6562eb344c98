/**
 * For the plugin's Deploy view end to end (specs/plugin-deploy.spec.luau): a school made over the API (sign-up and its
 * mailed link) with a dry-run environment and one ready release (a place file and a PNG, declared by hash, then
 * uploaded), as CI would make it.
 * Its admin's tokens and the ids reach the spec as TOOLBOXAI_E2E_DEPLOY_* variables (TestService attributes there).
 */
import { createHash, randomBytes } from "node:crypto";

async function call(serverUrl: string, method: string, path: string, body: unknown, token?: string, raw?: Buffer): Promise<Record<string, unknown>> {
	const headers: Record<string, string> = { Accept: "application/json" };
	if (token !== undefined) headers.Authorization = `Bearer ${token}`;
	if (raw !== undefined) headers["Content-Type"] = "application/octet-stream";
	else if (body !== undefined) headers["Content-Type"] = "application/json";
	const res = await fetch(`${serverUrl}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
	const text = await res.text();
	if (!res.ok) throw new Error(`deploy seed: ${method} ${path} answered ${res.status}: ${text}`);
	return JSON.parse(text) as Record<string, unknown>;
}

/** A valid 1x1 PNG (the service checks the magic bytes and the size in IHDR). */
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOor68HAAL+AX66JXAlAAAAAElFTkSuQmCC";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** `signupToken`: the token of the sign-up link mailed to an address (the run reads it from the service's output). */
export async function seedDeploySchool(serverUrl: string, signupToken: (email: string) => Promise<string>): Promise<Record<string, string>> {
	const email = `e2e.deploy.${randomBytes(4).toString("hex")}@cedar.example`;
	await call(serverUrl, "POST", "/v1/signup", { organizationName: "Cedar Deploy E2E", email });
	const signup = await call(serverUrl, "POST", "/v1/signup/complete", { token: await signupToken(email), password: "correct horse battery staple" });
	const tokens = signup.tokens as { accessToken: string; refreshToken: string; expiresIn: number };
	await call(serverUrl, "POST", "/v1/environments", { name: "staging", universeId: 4815162342, placeId: 1623420815 }, tokens.accessToken);
	// A binary place file: its magic and guard bytes, then bytes of its own.
	const place = Buffer.concat([Buffer.from("<roblox!", "latin1"), Buffer.from([0x89, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(16)]);
	const logo = Buffer.from(ONE_PIXEL_PNG, "base64");
	const bySha = new Map([place, logo].map((bytes) => [sha256(bytes), bytes]));
	const release = await call(
		serverUrl,
		"POST",
		"/v1/releases",
		{
			place: { sha256: sha256(place), size: place.length, fileName: "ToolBoxAI.rbxl" },
			assets: [{ name: "images/logo.png", sha256: sha256(logo), size: logo.length, assetType: "Image" }],
			notes: "e2e",
		},
		tokens.accessToken,
	);
	for (const sha of release.missingFiles as string[]) {
		await call(serverUrl, "PUT", `/v1/releases/${release.id}/files/${sha}`, undefined, tokens.accessToken, bySha.get(sha));
	}
	return {
		TOOLBOXAI_E2E_DEPLOY_ACCESS_TOKEN: tokens.accessToken,
		TOOLBOXAI_E2E_DEPLOY_REFRESH_TOKEN: tokens.refreshToken,
		TOOLBOXAI_E2E_DEPLOY_EXPIRES_IN: String(tokens.expiresIn),
		TOOLBOXAI_E2E_DEPLOY_RELEASE_ID: String(release.id),
	};
}
