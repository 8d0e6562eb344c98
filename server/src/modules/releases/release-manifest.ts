import type { ReleaseCreateRequest, ValidationIssue } from "@toolboxai/shared";
import { ASSET_MAX_BYTES, PLACE_MAX_BYTES, placeFormatOf } from "./file-rules";

/**
 * What can be refused in a release manifest before touching the database: the place file's name, sizes over Roblox's
 * limits, asset names used twice, one file declared with two sizes, a lesson version listed twice. Every issue names
 * its JSON Pointer path; none echoes an id back.
 */
export function manifestIssues(input: ReleaseCreateRequest): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	if (placeFormatOf(input.place.fileName) === undefined)
		issues.push({ path: "/place/fileName", code: "unsupported_place_format", message: "must end in .rbxl (binary) or .rbxlx (XML)" });
	if (input.place.size > PLACE_MAX_BYTES) issues.push({ path: "/place/size", code: "too_large", message: `Roblox publishes places of at most ${PLACE_MAX_BYTES} bytes` });
	const sizeOf = new Map<string, number>([[input.place.sha256, input.place.size]]);
	const firstUse = new Map<string, number>();
	input.assets.forEach((asset, index) => {
		if (asset.size > ASSET_MAX_BYTES) issues.push({ path: `/assets/${index}/size`, code: "too_large", message: `Roblox takes assets of at most ${ASSET_MAX_BYTES} bytes` });
		const earlier = firstUse.get(asset.name);
		if (earlier !== undefined) issues.push({ path: `/assets/${index}/name`, code: "duplicate", message: `the name is already used by /assets/${earlier}` });
		else firstUse.set(asset.name, index);
		const declared = sizeOf.get(asset.sha256);
		if (declared !== undefined && declared !== asset.size)
			issues.push({ path: `/assets/${index}/size`, code: "size_mismatch", message: `the same file (by sha256) is declared elsewhere with size ${declared}` });
		else sizeOf.set(asset.sha256, asset.size);
	});
	const lessons = new Set<string>();
	(input.lessons ?? []).forEach((lesson, index) => {
		const key = `${lesson.lessonId.toLowerCase()}@${lesson.version}`;
		if (lessons.has(key)) issues.push({ path: `/lessons/${index}`, code: "duplicate", message: "this lesson version is listed twice" });
		lessons.add(key);
	});
	return issues;
}
