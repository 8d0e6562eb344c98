import { useCallback, useEffect, useState } from "react";
import type { Class } from "@toolboxai/shared";
import { getClass, rotateJoinCode } from "../api/classes";
import { Alert, Loading, Notice, Page } from "../components/page";
import { formatTime } from "../format";
import { Link } from "../router";
import { classError, JoinCodeText } from "./classes";
import { Assignments } from "./classes/assignments";
import { Progress } from "./classes/progress";
import { Roster } from "./classes/roster";

/** One class (/classes/<id>): its join code, roster, assigned lessons and the students' progress. */
export function ClassPage({ classId }: { classId: string }) {
	const [klass, setKlass] = useState<Class | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [notice, setNotice] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);
	// Bumped when assignments change, so the progress table shows the new lesson's rows.
	const [changes, setChanges] = useState(0);

	const reload = useCallback(
		() =>
			getClass(classId)
				.then((found) => {
					setKlass(found);
					setError(undefined);
				})
				.catch((caught: unknown) => setError(classError(caught))),
		[classId],
	);
	useEffect(() => {
		void reload();
	}, [reload]);

	const rotate = async () => {
		setBusy(true);
		setNotice(undefined);
		try {
			const code = await rotateJoinCode(classId);
			await reload();
			setNotice(`New join code: ${code.joinCode}. The old one no longer works.`);
		} catch (caught) {
			setError(classError(caught));
		} finally {
			setBusy(false);
		}
	};

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
					<button type="button" className="button" disabled={busy} onClick={() => void rotate()}>
						{busy ? "Making a new code…" : "New join code"}
					</button>
				</div>
			)}
			<Roster classId={classId} refreshKey={changes} />
			<Assignments classId={classId} archived={archived} onChanged={() => setChanges((n) => n + 1)} />
			<Progress classId={classId} refreshKey={changes} />
		</Page>
	);
}
