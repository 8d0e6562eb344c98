/** The part of overload-protection's API the service uses (the package ships no types). */
declare module "overload-protection" {
	interface Options {
		production?: boolean;
		clientRetrySecs?: number;
		/** Milliseconds between event-loop samples. */
		sampleInterval?: number;
		/** Event-loop delay in milliseconds past which `overload` is true; 0 turns the check off. */
		maxEventLoopDelay?: number;
		maxHeapUsedBytes?: number;
		maxRssBytes?: number;
	}
	interface Protection {
		/** The latest sample is over a limit. */
		readonly overload: boolean;
		readonly eventLoopDelay: number;
		stop(): void;
	}
	function protect(framework: "http" | "express", options?: Options): Protection;
	export = protect;
}
