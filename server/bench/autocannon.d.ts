/** The part of autocannon's API the bench uses (the package ships no types). */
declare module "autocannon" {
	interface Histogram {
		average: number;
		p50: number;
		p99: number;
	}
	interface Result {
		requests: Histogram & { total: number };
		latency: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		/** Answers by status class, e.g. "2xx", "3xx". */
		statusCodeStats?: Record<string, { count: number }>;
		"2xx": number;
		"3xx": number;
		"4xx": number;
		"5xx": number;
	}
	interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
	}
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		pipelining?: number;
		/** Each connection sends these in turn, over and over. */
		requests?: Request[];
	}
	function autocannon(options: Options): Promise<Result>;
	export = autocannon;
}
