import { isUuid } from "@toolboxai/shared/node";
import type { Page } from "playwright-core";

/**
 * Where ids may be shown on purpose: inside an element with the class `technical` (the dashboard folds them in
 * <details className="technical">) or with a `data-technical` attribute. Anywhere else, an id on screen is a bug.
 */
export const TECHNICAL_SELECTOR = ".technical, [data-technical]";

/** UUID-shaped words a person can see on the page (text and field values) outside technical-detail elements. */
export async function idsOnScreen(page: Page): Promise<string[]> {
	const words = await page.evaluate((technical) => {
		const found: string[] = [];
		const seen = (element: Element | null) => element !== null && element.closest(`${technical}, script, style, template`) === null && element.checkVisibility();
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) if (seen(node.parentElement)) found.push(node.textContent ?? "");
		for (const field of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input:not([type=hidden]), textarea")))
			if (seen(field)) found.push(field.value);
		return found;
	}, TECHNICAL_SELECTOR);
	return words.flatMap((text) => text.split(/[^0-9A-Za-z-]+/)).filter(isUuid);
}

/** How far the page is wider than the window, and the outermost elements that stick out on the right (for the failure message). */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
	return page.evaluate(() => {
		const width = window.innerWidth;
		const describe = (element: Element) =>
			`${element.tagName.toLowerCase()}${element.id === "" ? "" : `#${element.id}`}${Array.from(element.classList, (name) => `.${name}`).join("")} (right ${Math.round(element.getBoundingClientRect().right)})`;
		const scrollWidth = document.scrollingElement?.scrollWidth ?? 0;
		const culprits: string[] = [];
		const clipped = (element: Node) => {
			// Absolutely placed elements escape a scroller that is not their containing block: count them as unclipped.
			if (element instanceof Element && ["absolute", "fixed"].includes(getComputedStyle(element).position)) return false;
			for (let up = element.parentElement; up !== null && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== "visible") return true;
			return false;
		};
		for (const element of scrollWidth > width ? Array.from(document.body.querySelectorAll("*")) : []) {
			if (element.getBoundingClientRect().right <= width + 0.5 || clipped(element)) continue;
			// Only the outermost: an element whose parent already sticks out says nothing new.
			const parent = element.parentElement;
			if (parent !== null && parent.getBoundingClientRect().right > width + 0.5 && !clipped(parent) && parent !== document.body) continue;
			culprits.push(describe(element));
			if (culprits.length >= 8) break;
		}
		// Text wider than its box sticks out without any element doing so.
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = scrollWidth > width ? walker.nextNode() : null; node !== null && culprits.length < 8; node = walker.nextNode()) {
			const range = document.createRange();
			range.selectNodeContents(node);
			if (range.getBoundingClientRect().right > width + 0.5 && node.parentElement !== null && !clipped(node))
				culprits.push(`text "${(node.textContent ?? "").trim().slice(0, 40)}" in ${describe(node.parentElement)}`);
		}
		return { scrollWidth, innerWidth: width, culprits };
	});
}

/** WCAG relative luminance contrast of two CSS colours as getComputedStyle reports them (rgb()/rgba()). */
export function contrastRatio(a: string, b: string): number {
	const luminance = (color: string) => {
		const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
			const value = Number(part) / 255;
			return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
	};
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (light + 0.05) / (dark + 0.05);
}
