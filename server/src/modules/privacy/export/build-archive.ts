import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import type { ObjectStorage } from "../../../infrastructure.types";
import { BACKUP_RETENTION_TEXT } from "../privacy-names";
import { EXPORT_TABLES } from "./data-kinds";
import { type ExportScope, subjectUserId } from "./export-scope";
import { maskOthers } from "./masking";
import { cursorBatches } from "./sql-cursor";
import { type ExportRow, writeTable } from "./table-file";
import { zipFolder } from "./zip-folder";

export interface BuiltArchive {
	readonly bytes: number;
	/** Rows per file, e.g. { "progress-events/progress-events": 120 }. */
	readonly rows: Readonly<Record<string, number>>;
}

export interface ArchiveAbout {
	readonly requestId: string;
	readonly subject: string;
	readonly generatedAt: string;
}

const README = (about: ArchiveAbout) => `ToolBoxAI data export

Request: ${about.requestId}
About: ${about.subject}
Made: ${about.generatedAt}

Each folder holds one kind of data twice: a .json file (an array of objects, for programs) and a .csv file
(for spreadsheets; nested values are JSON text). manifest.json lists the files and how many rows each has.

profile/             the account: name, address (staff), Roblox UserId (students)
memberships/         roles in the school
class-enrolments/    classes joined (students) or taught (teachers)
progress-events/     every progress event the game sent
progress-summaries/  per lesson and per step, as teachers see them
answers/             every answer given, with its score
audit/               security events caused by or about the person
mail/                mail the service sent to the person

In an export about one person, other people are shown as "another person".
${BACKUP_RETENTION_TEXT}
`;

/**
 * Builds the export archive for `scope` in a temporary folder (one table at a time, in batches from a database
 * cursor), zips it to a file, and stores the file at `objectPath` streamed: memory stays at one batch whatever the
 * school's size. Running it again replaces the archive (the step is idempotent).
 */
export async function buildExportArchive(
	deps: { readonly db: Sequelize; readonly storage: ObjectStorage },
	scope: ExportScope,
	about: ArchiveAbout,
	objectPath: string,
): Promise<BuiltArchive> {
	const work = await fs.mkdtemp(path.join(os.tmpdir(), "privacy-export-"));
	try {
		const folder = path.join(work, "export");
		const rows = await withTenant(deps.db, scope.tenantId, async (transaction) => {
			const members = await deps.db.query<{ user_id: string }>("SELECT DISTINCT user_id FROM memberships WHERE tenant_id = $1", {
				bind: [scope.tenantId],
				type: QueryTypes.SELECT,
				transaction,
			});
			const mask = maskOthers(scope, new Set(members.map((member) => member.user_id.toLowerCase())));
			const email = scope.subject.kind === "person" ? scope.subject.email : null;
			const counts: Record<string, number> = {};
			for (const [index, table] of EXPORT_TABLES.entries()) {
				const parameters = [scope.tenantId, subjectUserId(scope), email?.trim().toLowerCase() ?? null].slice(0, highestParameter(table.sql));
				const batches = cursorBatches<ExportRow>(deps.db, transaction, `export_${index}`, table.sql, parameters);
				counts[`${table.folder}/${table.name}`] = await writeTable(path.join(folder, table.folder), table.name, table.columns, masked(batches, mask));
			}
			return counts;
		});
		await fs.writeFile(path.join(folder, "README.txt"), README(about));
		await fs.writeFile(path.join(folder, "manifest.json"), `${JSON.stringify({ ...about, backupRetention: BACKUP_RETENTION_TEXT, rows }, null, 2)}\n`);
		const zipFile = path.join(work, "export.zip");
		const bytes = await zipFolder(folder, zipFile);
		await deps.storage.putFile(objectPath, zipFile, "application/zip");
		return { bytes, rows };
	} finally {
		await fs.rm(work, { recursive: true, force: true });
	}
}

async function* masked(batches: AsyncIterable<ExportRow[]>, mask: (row: ExportRow) => ExportRow): AsyncGenerator<ExportRow[]> {
	for await (const batch of batches) yield batch.map(mask);
}

/** Postgres refuses more bind values than the statement names: pass only $1..$n. */
function highestParameter(sql: string): number {
	return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
}
