import { Players, ReplicatedStorage } from "@rbxts/services";
import { JOIN_REMOTE_NAME } from "shared/join-code";
import type { ServiceClient } from "../service-client";
import { createJoinHandler } from "./join-handler";

/** Players' class after a join, for other server modules and the client UI (the class name only). */
export const JOINED_CLASS_ATTRIBUTE = "ToolBoxAIClassName";

/** Engine glue: the RemoteFunction the join UI invokes. */
export function startJoin(client: ServiceClient, warn: (line: string) => void) {
	const handler = createJoinHandler({ client, now: () => os.clock(), warn });
	const remote = new Instance("RemoteFunction");
	remote.Name = JOIN_REMOTE_NAME;
	remote.OnServerInvoke = (player, code) => {
		const answer = handler.handle(player, code);
		if (answer.status === "joined") player.SetAttribute(JOINED_CLASS_ATTRIBUTE, answer.className);
		return answer;
	};
	remote.Parent = ReplicatedStorage;
	Players.PlayerRemoving.Connect((player) => handler.forget(player.UserId));
	return handler;
}
