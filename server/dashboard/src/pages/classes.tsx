import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { Class } from "@toolboxai/shared";
import { createClass, listClasses, rotateJoinCode, updateClass } from "../api/classes";
import { ApiError, describeError, fieldProblem } from "../api/errors";
import { Alert, Loading, Notice, Page } from "../components/page";
import { formatTime } from "../format";
import { Link } from "../router";

/** Plain words for a refusal on the Classes pages (students may not manage classes). */
export function classError(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 403) return "Only teachers and school administrators can manage classes.";
	if (caught instanceof ApiError && caught.status === 404) return "This class does not exist, or it is not one of yours.";
	return describeError(caught);
}

/** The join code students type in game, with its expiry; an archived class or an expired code has none. */
export function JoinCodeText({ klass }: { klass: Class }) {
	if (klass.archivedAt !== undefined) return <span className="muted">None (archived)</span>;
	if (klass.joinCode === undefined) return <span className="muted">Expired: rotate for a new one</span>;
	return (
		<>
			<code className="code" data-testid="join-code">
				{klass.joinCode}
			</code>{" "}
			<span className="muted">until {formatTime(klass.joinCodeExpiresAt)}</span>
		</>
	);
}

function CreateClassForm({ onCreated }: { onCreated: (created: Class) => void }) {
	const [name, setName] = useState("");
	const [gradeBand, setGradeBand] = useState("");
	const [subject, setSubject] = useState("");
	const [problem, setProblem] = useState<string | undefined>();
	const [formError, setFormError] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setProblem(undefined);
		setFormError(undefined);
		if (name.trim() === "") {
			setProblem("Give the class a name (up to 120 characters).");
			return;
		}
		setBusy(true);
		try {
			const created = await createClass({ name: name.trim(), ...(gradeBand.trim() === "" ? {} : { gradeBand: gradeBand.trim() }), ...(subject.trim() === "" ? {} : { subject: subject.trim() }) });
			setName("");
			setGradeBand("");
			setSubject("");
			onCreated(created);
		} catch (caught) {
			const nameProblem = fieldProblem(caught, "/name");
			if (nameProblem !== undefined) setProblem("Give the class a name of up to 120 characters.");
			else setFormError(classError(caught));
		} finally {
			setBusy(false);
		}
	};

	return (
		<form className="form card" onSubmit={submit} noValidate aria-labelledby="new-class-title">
			<h2 id="new-class-title">Create a class</h2>
			{formError !== undefined && <Alert>{formError}</Alert>}
			<div className="field">
				<label htmlFor="new-class-name">Class name</label>
				<input id="new-class-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="off" aria-invalid={problem !== undefined} aria-describedby={problem === undefined ? undefined : "new-class-name-error"} />
				{problem !== undefined && (
					<p className="field-error" id="new-class-name-error" role="alert">
						{problem}
					</p>
				)}
			</div>
			<div className="field">
				<label htmlFor="new-class-grade">Grade band (optional)</label>
				<input id="new-class-grade" value={gradeBand} onChange={(e) => setGradeBand(e.target.value)} maxLength={32} autoComplete="off" placeholder="e.g. 6-8" />
			</div>
			<div className="field">
				<label htmlFor="new-class-subject">Subject (optional)</label>
				<input id="new-class-subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={64} autoComplete="off" />
			</div>
			<div className="actions">
				<button type="submit" className="button primary" disabled={busy}>
					{busy ? "Creating…" : "Create class"}
				</button>
			</div>
		</form>
	);
}

/** Classes (issue 4): a teacher sees the classes they teach, a school administrator all of them; the service decides. */
export function ClassesPage() {
	const [classes, setClasses] = useState<Class[] | undefined>();
	const [nextCursor, setNextCursor] = useState<string | undefined>();
	const [showArchived, setShowArchived] = useState(false);
	const [error, setError] = useState<string | undefined>();
	const [notice, setNotice] = useState<string | undefined>();
	const [busy, setBusy] = useState<string | undefined>();

	const reload = useCallback(
		() =>
			listClasses(showArchived)
				.then((page) => {
					setClasses(page.items);
					setNextCursor(page.nextCursor);
					setError(undefined);
				})
				.catch((caught: unknown) => setError(classError(caught))),
		[showArchived],
	);
	useEffect(() => {
		void reload();
	}, [reload]);

	const loadMore = async () => {
		if (nextCursor === undefined) return;
		try {
			const page = await listClasses(showArchived, nextCursor);
			setClasses((shown) => [...(shown ?? []), ...page.items]);
			setNextCursor(page.nextCursor);
		} catch (caught) {
			setError(classError(caught));
		}
	};

	const act = async (klass: Class, action: () => Promise<string>) => {
		setBusy(klass.id);
		setError(undefined);
		setNotice(undefined);
		try {
			const said = await action();
			await reload();
			setNotice(said);
		} catch (caught) {
			setError(classError(caught));
		} finally {
			setBusy(undefined);
		}
	};
	const rotate = (klass: Class) => act(klass, async () => `New join code for “${klass.name}”: ${(await rotateJoinCode(klass.id)).joinCode}. The old one no longer works.`);
	const archive = (klass: Class, archived: boolean) =>
		act(klass, async () => {
			await updateClass(klass.id, { archived });
			return archived ? `“${klass.name}” archived: its join code no longer works.` : `“${klass.name}” restored.`;
		});

	return (
		<Page title="Classes" wide>
			<p className="lead">Students join a class in game with its join code. Open a class to see its roster, assign lessons and follow progress.</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			<CreateClassForm
				onCreated={(created) => {
					void reload().then(() => setNotice(`Class “${created.name}” created. Join code: ${created.joinCode ?? "none"}.`));
				}}
			/>
			<h2 id="classes-title">Your classes</h2>
			<label className="choice">
				<input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived classes
			</label>
			{classes === undefined && error === undefined && <Loading label="Loading classes…" />}
			{classes !== undefined && classes.length === 0 && <p className="muted">No classes yet.</p>}
			{classes !== undefined && classes.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="classes-title">
						<thead>
							<tr>
								<th scope="col">Class</th>
								<th scope="col">Join code</th>
								<th scope="col">Created</th>
								<th scope="col">Status</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{classes.map((klass) => (
								<tr key={klass.id} data-testid="class-row" className={klass.archivedAt === undefined ? undefined : "revoked"}>
									<th scope="row">
										<Link href={`/classes/${klass.id}`}>{klass.name}</Link>
										{klass.subject !== undefined || klass.gradeBand !== undefined ? <span className="muted"> · {[klass.subject, klass.gradeBand].filter((v) => v !== undefined).join(", ")}</span> : null}
									</th>
									<td>
										<JoinCodeText klass={klass} />
									</td>
									<td>{formatTime(klass.createdAt)}</td>
									<td>{klass.archivedAt === undefined ? "Active" : `Archived ${formatTime(klass.archivedAt)}`}</td>
									<td>
										<div className="confirm">
											{klass.archivedAt === undefined && (
												<button type="button" className="button small" disabled={busy === klass.id} onClick={() => void rotate(klass)} aria-label={`New join code for ${klass.name}`}>
													New join code
												</button>
											)}
											<button type="button" className="button small" disabled={busy === klass.id} onClick={() => void archive(klass, klass.archivedAt === undefined)} aria-label={`${klass.archivedAt === undefined ? "Archive" : "Restore"} ${klass.name}`}>
												{klass.archivedAt === undefined ? "Archive" : "Restore"}
											</button>
										</div>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{nextCursor !== undefined && (
				<button type="button" className="button" onClick={() => void loadMore()}>
					Load more classes
				</button>
			)}
		</Page>
	);
}
