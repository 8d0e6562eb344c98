import type { Role } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { createUser } from "../users/create-user";

export const PASSWORD = "plum orchard lantern 42";

/** A school with a name; the test connection owns the tables, so no tenant scope is needed to seed. */
export async function seedTenant(db: Sequelize, name: string): Promise<string> {
	const [row] = await db.query<{ id: string }>("INSERT INTO tenants (name) VALUES (:name) RETURNING id", { type: QueryTypes.SELECT, replacements: { name } });
	return (row as { id: string }).id;
}

export async function seedUser(db: Sequelize, email: string, memberships: Array<{ tenantId: string; role: Role }>): Promise<string> {
	const user = await createUser(db, { email, password: PASSWORD, displayName: email.split("@")[0] ?? "someone" });
	for (const membership of memberships) {
		await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES (:tenantId, :userId, :role)", {
			replacements: { ...membership, userId: user.id },
		});
	}
	return user.id;
}
