/**
 * The dashboard and the alert rules in ops/ query only metric families this service defines: renaming a metric
 * without updating them fails here instead of leaving a blank panel or an alert that can never fire.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { metricsRegistry } from ".";

const OPS = path.resolve(__dirname, "../../../../ops");
const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

function familiesNamedIn(text: string): string[] {
	return [...new Set(text.match(/\btoolboxai_[a-z0-9_]+/g) ?? [])];
}

function unknownFamilies(names: ReadonlyArray<string>): string[] {
	return names.filter((name) => metricsRegistry.getSingleMetric(name) === undefined && metricsRegistry.getSingleMetric(name.replace(HISTOGRAM_SERIES, "")) === undefined);
}

interface Panel {
	readonly id: number;
	readonly type: string;
	readonly targets?: ReadonlyArray<{ readonly expr?: string }>;
}

test("every query of the Grafana dashboard names a family /metrics serves", () => {
	const dashboard = JSON.parse(readFileSync(path.join(OPS, "grafana/toolboxai-dashboard.json"), "utf8")) as { uid: string; panels: Panel[] };
	expect(dashboard.uid).toBe("toolboxai-overview");
	const ids = dashboard.panels.map((panel) => panel.id);
	expect(new Set(ids).size).toBe(ids.length);
	const exprs = dashboard.panels.filter((panel) => panel.type !== "row").flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? ""));
	expect(exprs.length).toBeGreaterThan(20);
	const names = familiesNamedIn(exprs.join("\n"));
	// RED, jobs, ingestion lag and the Open Cloud budget are all on it.
	for (const family of ["toolboxai_http_requests_total", "toolboxai_jobs_finished_total", "toolboxai_progress_aggregation_lag_seconds", "toolboxai_open_cloud_requests_total"]) {
		expect(names).toContain(family);
	}
	expect(unknownFamilies(names)).toEqual([]);
});

test("every alert rule names a family /metrics serves", () => {
	const names = familiesNamedIn(readFileSync(path.join(OPS, "prometheus/alerts.yml"), "utf8"));
	expect(names.length).toBeGreaterThan(5);
	expect(unknownFamilies(names)).toEqual([]);
});
