import { useState } from "react";
import { ApiError, describeError } from "../../api/errors";
import { unsubscribeFromNotices } from "../../api/mail";
import { Alert, Notice, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLocation } from "../../router";

function messageFor(error: unknown): string {
	return error instanceof ApiError && error.status === 404 ? "This link is not valid: open it again from the email." : describeError(error);
}

/**
 * The footer link of a notice (/unsubscribe?token=…). Opening it changes nothing (mail scanners open links too): the
 * person confirms with the button. Mail apps' own unsubscribe button posts to the service directly.
 */
export function UnsubscribePage() {
	const token = useLocation().search.get("token") ?? "";
	const [done, setDone] = useState(false);
	const stop = useAction(messageFor);
	return (
		<Page title="Stop these emails">
			{done ? (
				<Notice>Done: this address gets no more notices from ToolBoxAI. Password resets, invitations and billing mail still arrive.</Notice>
			) : (
				<>
					<p className="lead">Notices (a trial ending, seats filling up, a failed deployment) will no longer be sent to this address.</p>
					{stop.error !== undefined && <Alert>{stop.error}</Alert>}
					<button
						type="button"
						className="button primary"
						disabled={stop.busy || token === ""}
						onClick={() =>
							void stop.run(async () => {
								await unsubscribeFromNotices(token);
								setDone(true);
							})
						}
					>
						{stop.busy ? "Stopping…" : "Stop these emails"}
					</button>
				</>
			)}
		</Page>
	);
}
