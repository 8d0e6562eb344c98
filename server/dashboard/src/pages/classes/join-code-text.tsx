import type { Class } from "@toolboxai/shared";
import { formatTime } from "../../format";

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
