/** The most pages a "whole list" reads: 50 pages of the service's largest page (200) is far past any class or key list. */
const MAX_PAGES = 50;

/**
 * Every item of a short list the service pages by cursor (a class's roster, a school's API keys): page after page
 * until there is no nextCursor, for tables that show the whole list at once.
 */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
	const items: T[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = await fetchPage(cursor);
		items.push(...answer.items);
		cursor = answer.nextCursor;
		if (cursor === undefined) break;
	}
	return items;
}
