import type { AuditEvent } from "@toolboxai/shared";

/** One event: its sentence; the codes and ids behind it stay folded in a technical section. */
export function AuditRow({ event, when }: { event: AuditEvent; when: string }) {
	const facts: Array<[string, string | undefined]> = [
		["Event", event.action],
		["IP", event.ip],
		["Request id", event.requestId],
		["Person id", event.actorUserId],
		["API key id", event.actorApiKeyId],
		["Target", event.targetType === undefined ? undefined : `${event.targetType} ${event.targetId ?? ""}`.trim()],
	];
	return (
		<tr data-action={event.action}>
			<td>{when}</td>
			<td>{event.sentence}</td>
			<td>
				<details className="technical">
					<summary>Show</summary>
					<dl>
						{facts
							.filter((fact): fact is [string, string] => fact[1] !== undefined)
							.map(([term, value]) => (
								<div key={term}>
									<dt>{term}</dt>
									<dd>
										<code>{value}</code>
									</dd>
								</div>
							))}
					</dl>
				</details>
			</td>
		</tr>
	);
}
