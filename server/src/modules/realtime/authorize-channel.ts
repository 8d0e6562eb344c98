import type { ChannelAuthorization, ChannelAuthRequest } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { checkChannelAccess, type ChannelAccessDeps } from "./channel-access";

const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;

/**
 * Signs a pusher-js subscription to a private channel (pusher-js's channelAuthorization endpoint, also called by the
 * Studio plugin with its device-flow token) when the caller may listen there (channel-access.ts); 403 otherwise.
 */
export async function authorizeChannel(deps: ChannelAccessDeps, caller: UserCaller, input: ChannelAuthRequest): Promise<ChannelAuthorization> {
	const sign = deps.infra.realtime.authorizeChannel;
	if (sign === undefined) throw new AppError("not_found", "Pusher is not configured on this service: follow GET /v1/events instead.");
	if (!SOCKET_ID.test(input.socket_id)) throw new AppError("bad_request", "socket_id must be the Pusher connection's id (digits.digits).");
	await checkChannelAccess(deps, caller, input.channel_name);
	return sign(input.socket_id, input.channel_name);
}
