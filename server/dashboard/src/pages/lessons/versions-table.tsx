import type { Lesson, LessonVersionSummary } from "@toolboxai/shared";
import { Loading } from "../../components/page";
import { formatTime } from "../../format";
import { VERSION_STATE_WORDS, versionState } from "./lesson-rules";

/** The lesson's versions, newest first: when each was uploaded, whether it is or was published, and what to do with it. */
export function VersionsTable({
	lesson,
	versions,
	canPublish,
	onPreview,
	onPublish,
}: {
	lesson: Lesson;
	versions: LessonVersionSummary[] | undefined;
	canPublish: boolean;
	onPreview: (version: string) => void;
	onPublish: (version: string) => void;
}) {
	return (
		<section aria-labelledby="versions-title">
			<h2 id="versions-title">Versions</h2>
			{versions === undefined && <Loading label="Loading versions…" />}
			{versions !== undefined && versions.length === 0 && <p className="muted">No versions yet: upload one from Roblox Studio with the ToolBoxAI plugin.</p>}
			{versions !== undefined && versions.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="versions-title">
						<thead>
							<tr>
								<th scope="col">Version</th>
								<th scope="col">Uploaded</th>
								<th scope="col">State</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{versions.map((version) => {
								const state = versionState(version, lesson);
								return (
									<tr key={version.version} data-testid="version-row">
										<th scope="row">{version.version}</th>
										<td>{formatTime(version.createdAt)}</td>
										<td>{VERSION_STATE_WORDS[state]}</td>
										<td>
											<div className="confirm">
												<button type="button" className="button small" onClick={() => onPreview(version.version)} aria-label={`Preview version ${version.version}`}>
													Preview
												</button>
												{canPublish && state !== "current" && (
													<button type="button" className="button small" onClick={() => onPublish(version.version)} aria-label={`Publish version ${version.version}`}>
														Publish…
													</button>
												)}
											</div>
										</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
