import type { DeploymentAssetProgress, DeploymentDetail } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { DeploymentReadDeps } from "./deployment-deps";
import { readDeploymentRow, withSteps, type DeploymentRow } from "./deployment-record";

interface AssetRow {
	readonly name: string;
	readonly asset_type: DeploymentAssetProgress["assetType"];
	readonly upload_status: Exclude<DeploymentAssetProgress["status"], "reused"> | null;
	readonly operation_id: string | null;
	readonly uploaded_asset_id: string | null;
	readonly known_asset_id: string | null;
}

/**
 * Each asset of the release, by name: what this deployment's upload did with it (one upload per distinct file, so
 * two names of the same file share it), else the asset id the environment already had for it ("reused").
 */
async function assetsOf(db: Sequelize, transaction: Transaction, row: DeploymentRow): Promise<DeploymentAssetProgress[]> {
	const rows = await db.query<AssetRow>(
		`SELECT ra.name, ra.asset_type, da.status AS upload_status, da.operation_id, da.asset_id AS uploaded_asset_id, ea.asset_id AS known_asset_id
		 FROM release_assets ra
		 LEFT JOIN LATERAL (SELECT status, operation_id, asset_id FROM deployment_assets
		   WHERE deployment_id = $1 AND sha256 = ra.sha256 AND asset_type = ra.asset_type LIMIT 1) da ON true
		 LEFT JOIN environment_assets ea ON ea.environment_id = $2 AND ea.sha256 = ra.sha256 AND ea.asset_type = ra.asset_type
		 WHERE ra.release_id = $3 ORDER BY ra.name`,
		{ bind: [row.id, row.environment_id, row.release_id], type: QueryTypes.SELECT, transaction },
	);
	return rows.map((asset) => {
		const assetId = asset.uploaded_asset_id ?? asset.known_asset_id;
		const status = asset.upload_status ?? (asset.known_asset_id === null ? "pending" : "reused");
		return {
			name: asset.name,
			assetType: asset.asset_type,
			status,
			...(assetId === null ? {} : { assetId }),
			...(asset.operation_id === null ? {} : { operationId: asset.operation_id }),
		};
	});
}

/** Who started it, in words: the person's name, the API key's name, or ToolBoxAI (a key or person since deleted). */
async function startedBy(db: Sequelize, transaction: Transaction, deploymentId: string): Promise<string> {
	const [who] = await db.query<{ person: string | null; key_name: string | null }>(
		`SELECT u.display_name AS person, k.name AS key_name FROM deployments d
		 LEFT JOIN users u ON u.id = d.created_by_user_id LEFT JOIN api_keys k ON k.id = d.created_by_api_key_id WHERE d.id = $1`,
		{ bind: [deploymentId], type: QueryTypes.SELECT, transaction },
	);
	if (who?.person != null) return who.person;
	if (who?.key_name != null) return `the API key “${who.key_name}”`;
	return "ToolBoxAI";
}

/** GET /v1/deployments/{id}/detail: the deployment, who started it and each asset, for the dashboard's detail page. */
export function getDeploymentDetail(deps: DeploymentReadDeps, caller: Caller, input: { readonly deploymentId: string }): Promise<DeploymentDetail> {
	const { db } = deps.infra;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await readDeploymentRow(db, transaction, caller.tenantId, input.deploymentId);
		const [deployment] = await withSteps(db, transaction, [row]);
		return { deployment: deployment as DeploymentDetail["deployment"], startedBy: await startedBy(db, transaction, row.id), assets: await assetsOf(db, transaction, row) };
	});
}
