import { useState } from "react";
import type { Class } from "@toolboxai/shared";
import { listClasses, rotateJoinCode, updateClass } from "../../api/classes";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { Link } from "../../router";
import { classError } from "./class-error";
import { CreateClassForm } from "./create-class-form";
import { JoinCodeText } from "./join-code-text";

/** Classes: a teacher sees the classes they teach, a school administrator all of them; the service decides. */
export function ClassesPage() {
	const [showArchived, setShowArchived] = useState(false);
	const list = useLoad(() => listClasses(showArchived), [showArchived], classError);
	// One action for every row's buttons: `running` says whose are disabled.
	const act = useAction(classError);
	const [notice, setNotice] = useState<string | undefined>();
	const classes = list.data?.items;
	const nextCursor = list.data?.nextCursor;
	const error = act.error ?? list.error;

	const loadMore = (cursor: string) =>
		list.extend(
			() => listClasses(showArchived, cursor),
			(shown, page) => ({ items: [...shown.items, ...page.items], nextCursor: page.nextCursor }),
		);

	const change = (klass: Class, action: () => Promise<string>) =>
		act.run(async () => {
			setNotice(undefined);
			const said = await action();
			await list.reload();
			setNotice(said);
		}, klass.id);
	const rotate = (klass: Class) => change(klass, async () => `New join code for “${klass.name}”: ${(await rotateJoinCode(klass.id)).joinCode}. The old one no longer works.`);
	const archive = (klass: Class, archived: boolean) =>
		change(klass, async () => {
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
					void list.reload().then(() => setNotice(`Class “${created.name}” created. Join code: ${created.joinCode ?? "none"}.`));
				}}
			/>
			<h2 id="classes-title">Your classes</h2>
			<label className="choice">
				<input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived classes
			</label>
			{list.loading && <Loading label="Loading classes…" />}
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
										{klass.subject !== undefined || klass.gradeBand !== undefined ? (
											<span className="muted"> · {[klass.subject, klass.gradeBand].filter((v) => v !== undefined).join(", ")}</span>
										) : null}
									</th>
									<td>
										<JoinCodeText klass={klass} />
									</td>
									<td>{formatTime(klass.createdAt)}</td>
									<td>{klass.archivedAt === undefined ? "Active" : `Archived ${formatTime(klass.archivedAt)}`}</td>
									<td>
										<div className="confirm">
											{klass.archivedAt === undefined && (
												<button
													type="button"
													className="button small"
													disabled={act.running === klass.id}
													onClick={() => void rotate(klass)}
													aria-label={`New join code for ${klass.name}`}
												>
													New join code
												</button>
											)}
											<button
												type="button"
												className="button small"
												disabled={act.running === klass.id}
												onClick={() => void archive(klass, klass.archivedAt === undefined)}
												aria-label={`${klass.archivedAt === undefined ? "Archive" : "Restore"} ${klass.name}`}
											>
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
				<button type="button" className="button" onClick={() => void loadMore(nextCursor)}>
					Load more classes
				</button>
			)}
		</Page>
	);
}
