import { Overview } from "@toolboxai/shared";
import { call } from "./client";

/** The signed-in teacher's or admin's overview (GET /v1/overview): the home page's one read. */
export function getOverview(): Promise<Overview> {
	return call(Overview, "GET", "/v1/overview", { auth: true });
}
