import type { SchoolSettings, SchoolSettingsUpdate } from "@toolboxai/shared";
import type { UserCaller } from "../../../access/caller";
import { withSystem } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { auditedBy, recordAudit } from "../../audit";
import { loadSchoolSettings } from "./get-school-settings";
import { canonicalTimeZone } from "./time-zone";

/**
 * Changes the school's settings; a time zone is stored as the time zone database spells it, and audited when it
 * changes. Written as the system role, keyed by the caller's own tenant: a tenant scope may read its school's row
 * but change none of it (the tenants table's policy), so a bug elsewhere cannot rename or re-zone a school.
 */
export async function updateSchoolSettings(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: SchoolSettingsUpdate): Promise<SchoolSettings> {
	const db = deps.infra.db;
	const timeZone = input.timeZone === undefined ? undefined : canonicalTimeZone(input.timeZone);
	return withSystem(db, async (transaction) => {
		const before = await loadSchoolSettings(db, transaction, caller.tenantId, { lock: true });
		if (timeZone === undefined || timeZone === before.timeZone) return before;
		await db.query("UPDATE tenants SET time_zone = $2 WHERE id = $1", { bind: [caller.tenantId, timeZone], transaction });
		await recordAudit(
			db,
			{
				action: "tenant.time_zone_changed",
				...auditedBy(caller),
				targetType: "tenant",
				targetId: caller.tenantId,
				details: { before: before.timeZone, after: timeZone },
			},
			{ transaction },
		);
		return { ...before, timeZone };
	});
}
