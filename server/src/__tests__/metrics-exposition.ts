/** Reads Prometheus's text exposition format (what a scraper reads) into samples, for assertions. */
export interface Sample {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split("\n")) {
		if (line === "" || line.startsWith("#")) continue;
		const match = LINE.exec(line);
		if (match === null) throw new Error(`Not an exposition line: ${line}`);
		const labels: Record<string, string> = {};
		for (const [, key, raw] of (match[2] ?? "").matchAll(LABEL)) labels[key as string] = (raw as string).replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c));
		samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
	}
	return samples;
}

export function samplesOf(samples: ReadonlyArray<Sample>, name: string): Sample[] {
	return samples.filter((s) => s.name === name);
}

/** The value of the one sample with exactly these labels; 0 when it is absent (a counter not yet incremented). */
export function sampleValue(samples: ReadonlyArray<Sample>, name: string, labels: Readonly<Record<string, string>>): number {
	const wanted = Object.entries(labels);
	const found = samplesOf(samples, name).filter((s) => Object.keys(s.labels).length === wanted.length && wanted.every(([k, v]) => s.labels[k] === v));
	if (found.length > 1) throw new Error(`${name} has ${found.length} samples with labels ${JSON.stringify(labels)}`);
	return found[0]?.value ?? 0;
}
