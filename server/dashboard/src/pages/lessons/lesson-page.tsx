import { useState } from "react";
import { useAuth } from "../../auth";
import { getLesson, listLessonClasses, listVersions } from "../../api/lessons";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { Link } from "../../router";
import { AssignToClasses } from "./assign-to-classes";
import { LessonClasses } from "./lesson-classes";
import { LessonDetails } from "./lesson-details";
import { lessonError } from "./lesson-error";
import { canChangeLesson } from "./lesson-rules";
import { PublishPanel } from "./publish-panel";
import { VersionDiff } from "./version-diff";
import { VersionPreview } from "./version-preview";
import { VersionsTable } from "./versions-table";

/**
 * One lesson (/lessons/<id>): its details, its versions newest first with a preview and a comparison, publishing
 * (asking per class whether to move it to the new version), and assigning a published version to classes.
 */
export function LessonPage({ lessonId }: { lessonId: string }) {
	const { state } = useAuth();
	const lesson = useLoad(() => getLesson(lessonId), [lessonId], lessonError);
	const versions = useLoad(() => listVersions(lessonId), [lessonId], lessonError);
	const classes = useLoad(() => listLessonClasses(lessonId), [lessonId], lessonError);
	const [previewed, setPreviewed] = useState<string>();
	const [publishing, setPublishing] = useState<string>();
	const [notice, setNotice] = useState<string>();

	const changed = async (said: string) => {
		await Promise.all([lesson.reload(), versions.reload(), classes.reload()]);
		setNotice(said);
	};

	const shown = lesson.data;
	if (shown === undefined || state.status !== "signed-in") {
		return (
			<Page title="Lesson">
				{lesson.error === undefined ? <Loading label="Loading the lesson…" /> : <Alert>{lesson.error}</Alert>}
				<p>
					<Link href="/lessons">Back to lessons</Link>
				</p>
			</Page>
		);
	}
	const canChange = canChangeLesson(shown, state.me);
	const error = versions.error ?? classes.error;
	return (
		<Page title={shown.title} wide>
			<p>
				<Link href="/lessons">Back to lessons</Link>
			</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			<LessonDetails lesson={shown} me={state.me} canChange={canChange} onChanged={(said) => void changed(said)} />
			<VersionsTable
				lesson={shown}
				versions={versions.data}
				canPublish={canChange}
				onPreview={setPreviewed}
				onPublish={(version) => {
					setNotice(undefined);
					setPublishing(version);
				}}
			/>
			{publishing !== undefined && classes.data !== undefined && (
				<PublishPanel
					key={publishing}
					lessonId={lessonId}
					version={publishing}
					classes={classes.data}
					onDone={(said) => {
						setPublishing(undefined);
						if (said !== undefined) void changed(said);
					}}
				/>
			)}
			{previewed !== undefined && <VersionPreview key={previewed} lessonId={lessonId} version={previewed} onClose={() => setPreviewed(undefined)} />}
			{versions.data !== undefined && versions.data.length >= 2 && <VersionDiff lessonId={lessonId} versions={versions.data} />}
			<LessonClasses classes={classes.data} />
			{versions.data !== undefined && classes.data !== undefined && (
				// A new published version starts the form over on it.
				<AssignToClasses key={shown.publishedVersion ?? ""} lesson={shown} versions={versions.data} lessonClasses={classes.data} onChanged={(said) => void changed(said)} />
			)}
		</Page>
	);
}
