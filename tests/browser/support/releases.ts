/**
 * Releases seeded straight into the service's database and local storage, the way the service stores them
 * (content-addressed files under tenants/<tenant>/files/<sha256>), for tests that need a deployable release
 * before the releases API is there to upload one.
 */
import { createHash } from "node:crypto";
import { Client } from "pg";
import { LocalObjectStorage } from "../../../server/src/integrations/storage/local";
import { storedFilePath } from "../../../server/src/modules/releases/stored-file";
import type { Service } from "./service";

/** A binary place file (rbxl magic) with distinct bytes per label. */
export function placeFile(label: string): Buffer {
	return Buffer.concat([Buffer.from("<roblox!\x89\xff\r\n\x1a\n", "latin1"), Buffer.from(`place ${label}`, "utf8")]);
}

export async function seedRelease(service: Service, tenantId: string, place: Buffer): Promise<{ id: string; number: number }> {
	const sha = createHash("sha256").update(place).digest("hex");
	const storage = new LocalObjectStorage({ dataDir: service.dataDir, publicUrl: service.url });
	await storage.put(storedFilePath(tenantId, sha), place, "application/octet-stream");
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		await client.query("INSERT INTO stored_files (tenant_id, sha256, size, content_type) VALUES ($1, $2, $3, 'application/octet-stream') ON CONFLICT DO NOTHING", [
			tenantId,
			sha,
			place.length,
		]);
		const result = await client.query<{ id: string; number: number }>(
			`INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name)
			 VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM releases WHERE tenant_id = $1), $2, $3, 'ToolBoxAI.rbxl') RETURNING id, number`,
			[tenantId, sha, place.length],
		);
		return result.rows[0] as { id: string; number: number };
	} finally {
		await client.end();
	}
}
