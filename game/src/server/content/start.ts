import type { ServiceClient } from "../service-client";
import { createContentLoader, type ContentLoader } from "./loader";

let active: ContentLoader | undefined;

/** The running loader (undefined until main started it, or when the key may not read content). */
export function activeContent(): ContentLoader | undefined {
	return active;
}

/** Engine glue: polls on its own thread for the server's life. */
export function startContent(client: ServiceClient, warn: (line: string) => void): ContentLoader {
	// math.random: Luau seeds it per server, enough to spread retries (no Random object needed).
	const loader = createContentLoader({ client, now: () => os.clock(), random: () => math.random(), warn });
	active = loader;
	task.spawn(() => {
		for (;;) {
			loader.step();
			task.wait(math.max(1, loader.nextPollAt() - os.clock()));
		}
	});
	return loader;
}
