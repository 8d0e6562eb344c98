import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { normalizeEmail } from "./normalize-email";

export interface UserRecord {
	readonly id: string;
	readonly email: string | null;
	readonly displayName: string;
	readonly passwordHash: string | null;
	readonly status: "active" | "disabled";
}

const COLUMNS = `id, email, display_name AS "displayName", password_hash AS "passwordHash", status`;

export async function findUserByEmail(db: Sequelize, email: string, options: { transaction?: Transaction } = {}): Promise<UserRecord | undefined> {
	const rows = await db.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE email_normalized = :email`, {
		type: QueryTypes.SELECT,
		replacements: { email: normalizeEmail(email) },
		...(options.transaction === undefined ? {} : { transaction: options.transaction }),
	});
	return rows[0];
}

export async function findUserById(db: Sequelize, id: string, options: { transaction?: Transaction } = {}): Promise<UserRecord | undefined> {
	const rows = await db.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE id = :id`, {
		type: QueryTypes.SELECT,
		replacements: { id },
		...(options.transaction === undefined ? {} : { transaction: options.transaction }),
	});
	return rows[0];
}
