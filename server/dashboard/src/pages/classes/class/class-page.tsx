import { useState } from "react";
import { getJoinStatus } from "../../../api/billing";
import { getClass, rotateJoinCode } from "../../../api/classes";
import { Alert, Loading, Notice, Page } from "../../../components/page";
import { formatTime } from "../../../format";
import { useAction } from "../../../hooks/use-action";
import { useLoad } from "../../../hooks/use-load";
import { Link } from "../../../router";
import { classError } from "../class-error";
import { JoinCodeText } from "../join-code-text";
import { Assignments } from "./assignments";
import { Progress } from "./progress";
import { Roster } from "./roster";

/** One class (/classes/<id>): its join code, roster, assigned lessons and the students' progress. */
export function ClassPage({ classId }: { classId: string }) {
	const loaded = useLoad(() => getClass(classId), [classId], classError);
	// Only the refusal's reason: a failure to read it shows nothing.
	const joins = useLoad(getJoinStatus, [classId], () => "");
	const rotation = useAction(classError);
	const [notice, setNotice] = useState<string | undefined>();
	// Bumped when assignments change, so the progress table shows the new lesson's rows.
	const [changes, setChanges] = useState(0);
	const error = rotation.error ?? loaded.error;

	const rotate = () =>
		rotation.run(async () => {
			setNotice(undefined);
			const code = await rotateJoinCode(classId);
			await loaded.reload();
			setNotice(`New join code: ${code.joinCode}. The old one no longer works.`);
		});

	const klass = loaded.data;
	if (klass === undefined) {
		return (
			<Page title="Class">
				{error === undefined ? <Loading label="Loading the class…" /> : <Alert>{error}</Alert>}
				<p>
					<Link href="/classes">Back to classes</Link>
				</p>
			</Page>
		);
	}
	const archived = klass.archivedAt !== undefined;
	return (
		<Page title={klass.name} wide>
			<p>
				<Link href="/classes">Back to classes</Link>
			</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{joins.data?.open === false && joins.data.message !== undefined && <Alert tone="info">{joins.data.message}</Alert>}
			<dl className="facts">
				<dt>Join code</dt>
				<dd>
					<JoinCodeText klass={klass} />
				</dd>
				{klass.subject !== undefined && (
					<>
						<dt>Subject</dt>
						<dd>{klass.subject}</dd>
					</>
				)}
				{klass.gradeBand !== undefined && (
					<>
						<dt>Grade band</dt>
						<dd>{klass.gradeBand}</dd>
					</>
				)}
				<dt>Created</dt>
				<dd>{formatTime(klass.createdAt)}</dd>
				{archived && (
					<>
						<dt>Archived</dt>
						<dd>{formatTime(klass.archivedAt)}</dd>
					</>
				)}
			</dl>
			{!archived && (
				<div className="actions">
					<button type="button" className="button" disabled={rotation.busy} onClick={() => void rotate()}>
						{rotation.busy ? "Making a new code…" : "New join code"}
					</button>
				</div>
			)}
			<Roster classId={classId} refreshKey={changes} onChanged={() => setChanges((n) => n + 1)} />
			<Assignments classId={classId} archived={archived} onChanged={() => setChanges((n) => n + 1)} />
			<Progress classId={classId} refreshKey={changes} />
		</Page>
	);
}
