import { Players, ReplicatedStorage } from "@rbxts/services";
import { JOIN_REMOTE_NAME, type JoinAnswer } from "shared/join-code";
import { gameClock } from "shared/clock";
import type { DataStoreAccess } from "../progress/datastore-calls";
import type { ServiceClient } from "../service-client";
import { createJoinHandler, type JoinHandler } from "./join-handler";

/**
 * Players' class after a join, for other server modules (the class name only). A join kept while the service was
 * away sets it to "" (class not known yet) and the class name once the service took the join.
 */
export const JOINED_CLASS_ATTRIBUTE = "ToolBoxAIClassName";
/** The id of the player's class once the service took their join (or their record says they are a member). */
export const JOINED_CLASS_ID_ATTRIBUTE = "ToolBoxAIClassId";

/** The class a join answer puts the player in, on the attributes other modules read (the id first). */
function showJoined(player: Player, answer: JoinAnswer) {
	if (answer.status === "joined") {
		if (answer.classId !== undefined) player.SetAttribute(JOINED_CLASS_ID_ATTRIBUTE, answer.classId);
		player.SetAttribute(JOINED_CLASS_ATTRIBUTE, answer.className);
	} else if (answer.status === "joined_offline" && player.GetAttribute(JOINED_CLASS_ATTRIBUTE) === undefined) player.SetAttribute(JOINED_CLASS_ATTRIBUTE, "");
}

/**
 * Engine glue: the RemoteFunction the join UI invokes. `client` is undefined while the service has not answered:
 * then `offline()` says whether joins are kept for later (service unreachable) or refused (lessons off).
 * With `records`, a player who typed a code on a server that closed before the service answered has it restored
 * when they arrive (sent now, or kept again), and plays at once; a player whose record names the class they joined
 * is in it at once, service or not (they play their class's lessons, from the release entry when the service is down).
 */
export function startJoin(
	client: ServiceClient | undefined,
	warn: (line: string) => void,
	offline?: () => boolean,
	records?: DataStoreAccess,
): { readonly handler: JoinHandler; readonly remote: RemoteFunction } {
	const handler = createJoinHandler({ client, now: gameClock, warn, offline, sleep: (seconds) => task.wait(seconds), records, wallNow: () => os.time() });
	const remote = new Instance("RemoteFunction");
	remote.Name = JOIN_REMOTE_NAME;
	remote.OnServerInvoke = (player, code) => {
		const answer = handler.handle(player, code);
		showJoined(player, answer);
		// The client is told the class's name only (its form takes exactly that shape); the id stays on the server.
		return answer.status === "joined" ? { status: "joined", className: answer.className } : answer;
	};
	remote.Parent = ReplicatedStorage;
	if (records !== undefined) {
		const restore = (player: Player) =>
			task.spawn(() => {
				if (player.GetAttribute(JOINED_CLASS_ATTRIBUTE) !== undefined) return;
				const answer = handler.restore(player.UserId, player.DisplayName);
				if (answer !== undefined && player.Parent !== undefined) showJoined(player, answer);
			});
		Players.PlayerAdded.Connect(restore);
		Players.GetPlayers().forEach(restore);
	}
	return { handler, remote };
}

/** The service answered: sends the kept joins and names each player's class (yields). */
export function connectJoins(handler: JoinHandler, client: ServiceClient): void {
	for (const settled of handler.connect(client)) {
		const player = Players.GetPlayerByUserId(settled.userId);
		if (player === undefined) continue;
		showJoined(player, settled.answer);
	}
}
