import { gameClock } from "shared/clock";
import type { ServiceClient } from "../service-client";
import { createContentLoader, type ContentLoader } from "./loader";

let active: ContentLoader | undefined;

/** The running loader (undefined until main started it). */
export function activeContent(): ContentLoader | undefined {
	return active;
}

/** Engine glue: polls on its own thread for the server's life (once a client is connected). */
export function startContent(client: ServiceClient | undefined, warn: (line: string) => void): ContentLoader {
	// math.random: Luau seeds it per server, enough to spread retries (no Random object needed).
	const loader = createContentLoader({ client, now: gameClock, random: () => math.random(), warn });
	active = loader;
	task.spawn(() => {
		for (;;) {
			loader.step();
			task.wait(math.max(1, loader.nextPollAt() - gameClock()));
		}
	});
	return loader;
}
