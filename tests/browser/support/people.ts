import { isUuid } from "@toolboxai/shared/node";
import { Client } from "pg";
import type { Page } from "playwright-core";
import type { Service } from "./service";

/**
 * `count` people with one role in a school, written straight into the service's database in one statement (fast
 * setup for paging; the pages under test read them through the API). Names are `${prefix} 001`, `${prefix} 002`...
 */
export async function seedMembers(service: Service, tenantId: string, count: number, role: string, prefix: string): Promise<void> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		const tag = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
		await client.query(
			`WITH created AS (
				INSERT INTO users (email, email_normalized, display_name)
				SELECT lower($3) || '.' || n || '.' || $4 || '@maplegrove.example', lower($3) || '.' || n || '.' || $4 || '@maplegrove.example', $3 || ' ' || lpad(n::text, 3, '0')
				FROM generate_series(1, $5::int) n RETURNING id
			 )
			 INSERT INTO memberships (tenant_id, user_id, role) SELECT $1, id, $2 FROM created`,
			[tenantId, role, prefix.replace(/\s+/g, "-"), tag, count],
		);
	} finally {
		await client.end();
	}
}

/** What a person sees in the page's main region that looks like a UUID (ids belong in technical details only). */
export async function uuidShapedText(page: Page): Promise<string[]> {
	// biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not the text of folded technical details.
	const text = await page.locator("main").innerText();
	return (text.match(/[0-9a-f-]{36}/gi) ?? []).filter(isUuid);
}

/**
 * How much wider than the viewport the page's main region is, in px (0: a phone at 360 px never scrolls it
 * sideways; a wide table scrolls inside its own frame). The header's navigation is the shared layout's, checked
 * where that layout is tested.
 */
export async function mainOverflow(page: Page): Promise<number> {
	return page.evaluate(() => {
		const main = document.querySelector("main");
		return main === null
			? 0
			: Math.max(0, main.scrollWidth - document.documentElement.clientWidth, Math.round(main.getBoundingClientRect().right) - document.documentElement.clientWidth);
	});
}

/** One SQL statement on the service's database, for setup the pages under test do not offer (a class of a seeded teacher). */
export async function serviceQuery<T extends object>(service: Service, sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as T[];
	} finally {
		await client.end();
	}
}
