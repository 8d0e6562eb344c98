import type { Browser } from "playwright-core";
import { failureTracker, launchBrowser, type WatchedPage } from "./browser";
import { saveLog, type Service, startService } from "./service";

/**
 * One service and one browser for a test file: started before its tests, stopped after them with every opened
 * context, and the service's log kept when a test failed. `use` hands both to the file's own variables.
 */
export function browserSuite(
	label: string,
	options: Parameters<typeof startService>[1],
	use: (service: Service, browser: Browser) => void,
): { run: <T>(body: () => Promise<T>) => Promise<T>; opened: WatchedPage[] } {
	const tracker = failureTracker();
	const opened: WatchedPage[] = [];
	let service: Service | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		service = await startService(label, options);
		browser = await launchBrowser();
		use(service, browser);
	}, 120_000);
	afterAll(async () => {
		for (const { context } of opened) await context.close().catch(() => undefined);
		await browser?.close();
		if (tracker.failed && service !== undefined) saveLog(service, label.replace(/_/g, "-"));
		await service?.stop();
	}, 60_000);
	return { run: tracker.run, opened };
}
