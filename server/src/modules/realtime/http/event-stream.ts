import type { Request, Response } from "express";
import type { UserCaller } from "../../../access/caller";
import { isUserCaller } from "../../../access/caller";
import { AppError } from "../../../errors/app-error";
import type { AppDependencies } from "../../../http/app-module";
import { queryText } from "../../../http/query-params";
import { originOf } from "../../../http/request-context";
import { authenticateRequest } from "../../auth";
import { checkChannelsAccess } from "../channel-access";
import { takeStreamTicket } from "../stream-tickets";

/** A stream follows at most this many channels (the dashboard needs two or three). */
export const MAX_STREAM_CHANNELS = 10;
const CHANNEL_LIST_MAX_LENGTH = MAX_STREAM_CHANNELS * 165;
const LAST_EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function channelsOf(req: Request): string[] {
	const text = queryText(req, "channels", CHANNEL_LIST_MAX_LENGTH);
	const channels = [...new Set((text ?? "").split(",").map((name) => name.trim()))].filter((name) => name !== "");
	if (channels.length === 0 || channels.length > MAX_STREAM_CHANNELS) {
		throw new AppError("bad_request", `channels must name 1 to ${MAX_STREAM_CHANNELS} channels, separated by commas.`);
	}
	return channels;
}

/** Where the stream resumes: the Last-Event-ID header (EventSource's own reconnects) or ?lastEventId= (a new EventSource). */
function lastEventIdOf(req: Request): string | undefined {
	const value = req.get("last-event-id")?.trim() || queryText(req, "lastEventId", 64);
	if (value === undefined) return undefined;
	if (!LAST_EVENT_ID.test(value)) throw new AppError("bad_request", "Last-Event-ID is not an id this service gave.");
	return value;
}

const unauthenticated = () =>
	new AppError("unauthenticated", "Open the stream with a ticket from POST /v1/events/tickets (?ticket=), or with Authorization: Bearer <access token>.", undefined, {
		"WWW-Authenticate": 'Bearer realm="toolboxai"',
	});

/** A ticket (browsers) or an access token in the Authorization header (the Studio plugin, other clients). */
async function callerOf(deps: AppDependencies, req: Request): Promise<UserCaller> {
	const ticket = queryText(req, "ticket", 128);
	if (ticket !== undefined) {
		const caller = await takeStreamTicket(deps, ticket, originOf(req));
		if (caller === undefined) throw unauthenticated();
		return caller;
	}
	if (req.get("authorization") === undefined) throw unauthenticated();
	const caller = await authenticateRequest(deps, req, { kind: "user" });
	if (!isUserCaller(caller)) throw unauthenticated();
	return caller;
}

/**
 * GET /v1/events: server-sent events of the channels asked for, with the same rules as Pusher subscriptions. Every
 * refusal is answered at once, before the stream starts (401 without a valid ticket or token, 403 for a channel the
 * caller may not see, 400 for a malformed request, 503 while the instance shuts down).
 */
export async function serveEventStream(deps: AppDependencies, req: Request, res: Response): Promise<void> {
	const channels = channelsOf(req);
	const lastEventId = lastEventIdOf(req);
	if (deps.lifecycle.draining) throw new AppError("unavailable", "This instance is shutting down: reconnect.");
	const caller = await callerOf(deps, req);
	await checkChannelsAccess(deps, caller, channels);
	res.writeHead(200, {
		"Content-Type": "text/event-stream; charset=utf-8",
		"Cache-Control": "no-store",
		Connection: "keep-alive",
		// nginx and similar proxies would otherwise hold events back to fill a buffer.
		"X-Accel-Buffering": "no",
	});
	req.socket.setNoDelay(true);
	req.socket.setTimeout(0);
	const close = deps.infra.realtime.streams.open(res, { channels: new Set(channels), ...(lastEventId === undefined ? {} : { lastEventId }) });
	res.on("close", close);
}
