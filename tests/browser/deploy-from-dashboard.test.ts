/**
 * Deploying from the dashboard in a real browser against the real service, with Open Cloud pointed at the local
 * fake: an admin chooses a ready release, reads the plan, confirms, and lands on the deployment's page, which
 * follows it live to success: steps, each asset, who started it, and the Open Cloud operation ids only inside the
 * collapsed technical section. No id-shaped text anywhere else on these pages; axe finds nothing.
 */
import { createHash } from "node:crypto";
import { isUuid } from "@toolboxai/shared/node";
import { Client } from "pg";
import type { Browser, Page } from "playwright-core";
import { FakeOpenCloud } from "../../server/src/integrations/open-cloud/__tests__/fake-open-cloud";
import { LocalObjectStorage } from "../../server/src/integrations/storage/local";
import { storedFilePath } from "../../server/src/modules/releases/stored-file";
import { png } from "../../server/src/modules/releases/__tests__/sample-files";
import { api, signup, type Account } from "./support/api";
import { accessibilityProblems, failureTracker, launchBrowser, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { placeFile } from "./support/releases";
import { saveLog, startService, type Service } from "./support/service";

const KEY = "ocK3y-browser-deploy-button-Dd55";

let fake: FakeOpenCloud;
let service: Service;
let browser: Browser;
const tracker = failureTracker();
const run = tracker.run;
const opened: WatchedPage[] = [];

beforeAll(async () => {
	fake = await new FakeOpenCloud({ apiKey: KEY, pollsUntilDone: 1 }).start();
	service = await startService("deploy-button", { env: { ROBLOX_OPEN_CLOUD_URL: fake.url } });
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	for (const { context } of opened) await context.close().catch(() => undefined);
	await browser?.close();
	if (tracker.failed && service !== undefined) saveLog(service, "deploy-button");
	await service?.stop();
	await fake?.close();
}, 60_000);

/** A ready release (its files stored the way the service stores them) with a place and one image. */
async function seedReleaseWithImage(tenantId: string, label: string): Promise<{ id: string; number: number }> {
	const files = [
		{ bytes: placeFile(label), type: "application/octet-stream" },
		{ bytes: Buffer.concat([png(2, 2), Buffer.from(label)]), type: "image/png" },
	].map((file) => ({ ...file, sha: createHash("sha256").update(file.bytes).digest("hex") }));
	const storage = new LocalObjectStorage({ dataDir: service.dataDir, publicUrl: service.url });
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		for (const file of files) {
			await storage.put(storedFilePath(tenantId, file.sha), file.bytes, file.type);
			await client.query("INSERT INTO stored_files (tenant_id, sha256, size, content_type) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
				tenantId,
				file.sha,
				file.bytes.length,
				file.type,
			]);
		}
		const [place, image] = files as [(typeof files)[0], (typeof files)[0]];
		const result = await client.query<{ id: string; number: number }>(
			`INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name, notes)
			 VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM releases WHERE tenant_id = $1), $2, $3, 'ToolBoxAI.rbxl', $4) RETURNING id, number`,
			[tenantId, place.sha, place.bytes.length, `New lobby art ${label}`],
		);
		const release = result.rows[0] as { id: string; number: number };
		await client.query("INSERT INTO release_assets (tenant_id, release_id, name, sha256, size, asset_type) VALUES ($1, $2, 'images/lobby.png', $3, $4, 'Image')", [
			tenantId,
			release.id,
			image.sha,
			image.bytes.length,
		]);
		return release;
	} finally {
		await client.end();
	}
}

/** Text on the page outside technical-detail elements (<details>) that is shaped like an id. */
async function idsOnScreen(page: Page): Promise<string[]> {
	const text = await page.evaluate(() => {
		const main = document.body.cloneNode(true) as HTMLElement;
		for (const technical of Array.from(main.querySelectorAll("details"))) technical.remove();
		// biome-ignore lint/performance/useDomNodeTextContent: the text as shown, cell by cell; textContent would join neighbouring cells into one word.
		return main.innerText;
	});
	return text.split(/[^0-9A-Za-z-]+/).filter(isUuid);
}

describe("Deploying from the dashboard", () => {
	let admin: Account;

	it("an admin chooses a ready release, reads the plan, confirms, and follows the deployment to success on its page", () =>
		run(async () => {
			admin = await signup(service, "adeyemi");
			const created = await api(service.url, "POST", "/v1/environments", { name: "lobby", universeId: 4815162342, placeId: 1623420815, openCloudApiKey: KEY }, admin.accessToken);
			expect(created.status).toBe(201);
			const release = await seedReleaseWithImage(admin.tenantId, "first");

			const w = await signInAt(browser, service.url, admin, "/deployments");
			opened.push(w);
			const { page } = w;
			const card = page.getByRole("article", { name: /^lobby / });
			await card.getByRole("button", { name: "Deploy a release to lobby" }).click();
			const form = page.getByRole("group", { name: "Deploy a release to lobby" });
			const choice = form.getByLabel("Release");
			await choice.locator("option").nth(1).waitFor({ state: "attached" });
			await expect(choice.locator("option").allTextContents()).resolves.toEqual([
				"Choose a release…",
				expect.stringMatching(new RegExp(`^#${release.number} — New lobby art first \\(`)),
			]);
			await choice.selectOption(release.id);
			await form.getByRole("button", { name: "Show the plan" }).click();
			const plan = form.getByTestId("deploy-plan");
			await plan.waitFor();
			const planText = (await plan.textContent()) ?? "";
			expect(planText).toContain("Upload 1 new asset to Roblox: images/lobby.png.");
			expect(planText).toContain("Publish the place file");
			expect(planText).not.toContain("Dry run");
			expect(await idsOnScreen(page)).toEqual([]);
			expect(await accessibilityProblems(page)).toEqual([]);
			await screenshot(page, "deploy-plan");

			await form.getByRole("button", { name: `Deploy release #${release.number} to lobby` }).click();
			await page.waitForURL((url) => /^\/deployments\/[0-9a-f-]{36}$/.test(url.pathname));
			const deploymentId = new URL(page.url()).pathname.split("/")[2] as string;
			await page.getByRole("heading", { level: 1, name: `Release #${release.number} to lobby` }).waitFor();
			// Followed live to its end, without a reload.
			await page.getByTestId("deployment-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 60_000 });
			await expect(page.getByTestId("started-by").textContent()).resolves.toBe(admin.displayName);
			const steps = await page.getByTestId("deployment-step").evaluateAll((rows) =>
				rows.map((row) =>
					Array.from(row.children)
						.slice(0, 2)
						.map((cell) => cell.textContent),
				),
			);
			expect(steps).toEqual([
				["Upload new assets to Roblox", "Done"],
				["Wait for Roblox to process the assets", "Done"],
				["Publish the place", "Done"],
				["Send lessons and the asset list to live games", "Done"],
				["Tell running game servers", "Done"],
			]);
			await expect(page.getByTestId("deployment-asset").locator("th, td").allTextContents()).resolves.toEqual(["images/lobby.png", "Image", "Uploaded"]);

			// The operation id is the fake's, and shown only inside the collapsed technical section.
			const uploads = fake.requests.filter((r) => r.method === "POST" && r.path === "/assets/v1/assets");
			expect(uploads).toHaveLength(1);
			const technical = page.getByTestId("technical-details");
			await expect(technical.getAttribute("open")).resolves.toBeNull();
			await expect(page.getByTestId("operation-id").isVisible()).resolves.toBe(false);
			expect(await idsOnScreen(page)).toEqual([]);
			expect(await accessibilityProblems(page)).toEqual([]);
			await screenshot(page, "deployment-detail");
			await technical.getByText("Technical details").click();
			const operationId = (await page.getByTestId("operation-id").textContent()) ?? "";
			expect(operationId.length).toBeGreaterThan(0);
			expect(await technical.textContent()).toContain(deploymentId);
			expect(await accessibilityProblems(page)).toEqual([]);
			await screenshot(page, "deployment-detail-technical");

			const detail = await api<{ assets: Array<{ operationId?: string }> }>(service.url, "GET", `/v1/deployments/${deploymentId}/detail`, undefined, admin.accessToken);
			expect(detail.body.assets.map((a) => a.operationId)).toEqual([operationId]);
			expect(w.problems).toEqual([]);
		}));
});
