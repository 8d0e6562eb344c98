import { Players, ReplicatedStorage } from "@rbxts/services";
import { JOIN_REMOTE_NAME } from "shared/join-code";
import { gameClock } from "shared/clock";
import type { ServiceClient } from "../service-client";
import { createJoinHandler, type JoinHandler } from "./join-handler";

/**
 * Players' class after a join, for other server modules (the class name only). A join kept while the service was
 * away sets it to "" (class not known yet) and the class name once the service took the join.
 */
export const JOINED_CLASS_ATTRIBUTE = "ToolBoxAIClassName";

/**
 * Engine glue: the RemoteFunction the join UI invokes. `client` is undefined while the service has not answered:
 * then `offline()` says whether joins are kept for later (service unreachable) or refused (lessons off).
 */
export function startJoin(
	client: ServiceClient | undefined,
	warn: (line: string) => void,
	offline?: () => boolean,
): { readonly handler: JoinHandler; readonly remote: RemoteFunction } {
	const handler = createJoinHandler({ client, now: gameClock, warn, offline, sleep: (seconds) => task.wait(seconds) });
	const remote = new Instance("RemoteFunction");
	remote.Name = JOIN_REMOTE_NAME;
	remote.OnServerInvoke = (player, code) => {
		const answer = handler.handle(player, code);
		if (answer.status === "joined") player.SetAttribute(JOINED_CLASS_ATTRIBUTE, answer.className);
		else if (answer.status === "joined_offline" && player.GetAttribute(JOINED_CLASS_ATTRIBUTE) === undefined) player.SetAttribute(JOINED_CLASS_ATTRIBUTE, "");
		return answer;
	};
	remote.Parent = ReplicatedStorage;
	return { handler, remote };
}

/** The service answered: sends the kept joins and names each player's class (yields). */
export function connectJoins(handler: JoinHandler, client: ServiceClient): void {
	for (const settled of handler.connect(client)) {
		const player = Players.GetPlayerByUserId(settled.userId);
		if (player === undefined) continue;
		if (settled.answer.status === "joined") player.SetAttribute(JOINED_CLASS_ATTRIBUTE, settled.answer.className);
	}
}
