import { useState } from "react";
import { listMembers, type MemberFilter } from "../../api/people";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { Link } from "../../router";
import { MemberFilterForm } from "./member-filter-form";
import { MemberRow } from "./member-row";
import { peopleError } from "./people-error";

/** /members: everyone in the school, found by name or exact email and by role, a page at a time. */
export function MembersPage() {
	const [filter, setFilter] = useState<MemberFilter>({});
	const list = useLoad(() => listMembers(filter), [JSON.stringify(filter)], peopleError);
	const [notice, setNotice] = useState<string>();
	const members = list.data?.items;
	const nextCursor = list.data?.nextCursor;
	const loadMore = (cursor: string) =>
		list.extend(
			() => listMembers(filter, cursor),
			(shown, page) => ({ items: [...shown.items, ...page.items], nextCursor: page.nextCursor }),
		);
	const filtered = Object.keys(filter).length > 0;
	return (
		<Page title="Members" wide>
			<p className="lead">
				Everyone in your school. Invite people on the <Link href="/invitations">Invitations</Link> page; link guardians to students on the <Link href="/guardians">Guardians</Link>{" "}
				page.
			</p>
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			<MemberFilterForm
				onApply={(next) => {
					setNotice(undefined);
					setFilter(next);
				}}
			/>
			<h2 id="members-title">{filtered ? "Members found" : "All members"}</h2>
			{list.loading && <Loading label="Loading members…" />}
			{members !== undefined && members.length === 0 && <p className="muted">{filtered ? "Nobody matches." : "Nobody yet."}</p>}
			{members !== undefined && members.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="members-title">
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col">Email</th>
								<th scope="col">Roles</th>
								<th scope="col">Joined</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{members.map((member) => (
								<MemberRow
									key={member.user.id}
									member={member}
									onChanged={(said, updated) => {
										setNotice(said);
										if (updated !== undefined) void list.reload();
									}}
									onRemoved={(said) => void list.reload().then(() => setNotice(said))}
								/>
							))}
						</tbody>
					</table>
				</div>
			)}
			<p className="muted" aria-live="polite">
				{members === undefined ? "" : `Showing ${members.length} member${members.length === 1 ? "" : "s"}${nextCursor === undefined ? "." : "; there are more."}`}
			</p>
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={list.busy} onClick={() => void loadMore(nextCursor)}>
					{list.busy ? "Loading…" : "Show more members"}
				</button>
			)}
		</Page>
	);
}
