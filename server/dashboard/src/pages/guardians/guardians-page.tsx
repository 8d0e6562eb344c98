import { useState } from "react";
import { type GuardianLinkPage, listGuardianLinks, removeGuardianLink } from "../../api/people";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { peopleError } from "../members/people-error";
import { LinkForm } from "./link-form";

type Link = GuardianLinkPage["items"][number];

function LinkRow({ link, onRemoved }: { link: Link; onRemoved: (said: string) => void }) {
	const remove = useAction(peopleError);
	const what = `${link.guardian.displayName} as guardian of ${link.student.displayName}`;
	const confirm = () =>
		remove.run(async () => {
			await removeGuardianLink(link.id);
			onRemoved(`${link.guardian.displayName} no longer sees ${link.student.displayName}.`);
		});
	return (
		<tr data-testid="guardian-link-row">
			<th scope="row">{link.guardian.displayName}</th>
			<td>{link.student.displayName}</td>
			<td>{formatTime(link.createdAt)}</td>
			<td>
				<button type="button" className="button small" disabled={remove.busy} onClick={() => void confirm()} aria-label={`Remove ${what}`}>
					{remove.busy ? "Removing…" : "Remove"}
				</button>
				{remove.error !== undefined && <Alert>{remove.error}</Alert>}
			</td>
		</tr>
	);
}

/** /guardians: which guardians see which students, linking more and removing links. */
export function GuardiansPage() {
	const list = useLoad(() => listGuardianLinks(), [], peopleError);
	const [notice, setNotice] = useState<string>();
	const links = list.data?.items;
	const nextCursor = list.data?.nextCursor;
	const changed = (said: string) => void list.reload().then(() => setNotice(said));
	const loadMore = (cursor: string) =>
		list.extend(
			() => listGuardianLinks({}, cursor),
			(shown, page) => ({ items: [...shown.items, ...page.items], nextCursor: page.nextCursor }),
		);
	return (
		<Page title="Guardians" wide>
			<p className="lead">A guardian sees the progress of the students they are linked to, and no one else's.</p>
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			<LinkForm onLinked={changed} />
			<h2 id="links-title">Links</h2>
			{list.loading && <Loading label="Loading links…" />}
			{links !== undefined && links.length === 0 && <p className="muted">No guardian is linked to a student yet.</p>}
			{links !== undefined && links.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="links-title">
						<thead>
							<tr>
								<th scope="col">Guardian</th>
								<th scope="col">Student</th>
								<th scope="col">Linked</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{links.map((link) => (
								<LinkRow key={link.id} link={link} onRemoved={changed} />
							))}
						</tbody>
					</table>
				</div>
			)}
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={list.busy} onClick={() => void loadMore(nextCursor)}>
					{list.busy ? "Loading…" : "Show older links"}
				</button>
			)}
		</Page>
	);
}
