import { ChannelAuthorization, RealtimeConfig, StreamTicket, type RealtimeConfig as RealtimeConfigType } from "@toolboxai/shared";
import { call } from "./client";

/** How this service delivers live updates (Pusher or its own stream). */
export function getRealtimeConfig(): Promise<RealtimeConfigType> {
	return call(RealtimeConfig, "GET", "/v1/realtime/config");
}

/** A single-use ticket that opens GET /v1/events (EventSource cannot send the access token). */
export async function streamTicket(): Promise<string> {
	return (await call(StreamTicket, "POST", "/v1/events/tickets", { auth: true })).ticket;
}

/** pusher-js's channel authorization, through the API client (it holds the session and refreshes it). */
export function authorizeChannel(socketId: string, channelName: string): Promise<{ auth: string }> {
	return call(ChannelAuthorization, "POST", "/v1/realtime/auth", { auth: true, body: { socket_id: socketId, channel_name: channelName } });
}
