import { ChannelAuthorization, ChannelAuthRequest, RealtimeConfig, StreamTicket, s, type Infer } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { userCallerOf } from "../../http/request-context";
import { defineRoute, reply } from "../../http/route";
import { authorizeChannel } from "./authorize-channel";
import { MAX_STREAM_CHANNELS, serveEventStream } from "./http/event-stream";
import { realtimeConfig } from "./realtime-config";
import { issueStreamTicket } from "./stream-tickets";

const EventStreamText = s.string({
	description:
		"Server-sent events. Each event: `id`, `event` (deployment.updated, class.progress_changed, lesson.published, billing.state_changed), `data` = JSON {id, event, channel, data}. Also stream.heartbeat every 15 s (no id) and stream.resync when events were missed.",
});

export const realtimeModule: AppModule = {
	name: "realtime",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/realtime/config",
			operationId: "getRealtimeConfig",
			summary: "How to receive live updates",
			description: "pusher: subscribe with pusher-js (POST /v1/realtime/auth signs private channels); sse: GET /v1/events.",
			tags: ["realtime"],
			access: { kind: "public" },
			response: { status: 200, body: RealtimeConfig, description: "The transport and, with Pusher, its public key and host." },
			errors: [],
			handle: () => realtimeConfig(deps.config),
		}),
		defineRoute({
			method: "post",
			path: "/v1/realtime/auth",
			operationId: "authorizeRealtimeChannel",
			summary: "Sign a Pusher private channel subscription",
			description:
				"pusher-js's channelAuthorization endpoint (JSON body). A school's channel: its staff; a class's: its teacher and the school's admins; a deployment's: whoever reads deployments. 404 when the service has no Pusher.",
			tags: ["realtime"],
			access: { kind: "user" },
			request: { body: ChannelAuthRequest, example: ChannelAuthRequest.example as Infer<typeof ChannelAuthRequest> },
			response: { status: 200, body: ChannelAuthorization, description: "The signature pusher-js sends with the subscription." },
			errors: ["bad_request", "not_found"],
			handle: ({ req, body }) => authorizeChannel(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "post",
			path: "/v1/events/tickets",
			operationId: "createEventStreamTicket",
			summary: "Get a ticket to open the event stream",
			description: "EventSource cannot send an Authorization header: the ticket opens GET /v1/events once, within 60 seconds.",
			tags: ["realtime"],
			access: { kind: "user" },
			response: { status: 201, body: StreamTicket, description: "A single-use ticket." },
			errors: [],
			handle: async ({ req }) => reply(201, await issueStreamTicket(deps, userCallerOf(req))),
		}),
		defineRoute({
			method: "get",
			path: "/v1/events",
			operationId: "streamEvents",
			summary: "Follow live updates (server-sent events)",
			description:
				"The same events as Pusher, from the service itself (the embedded default, and the fallback when Pusher is unreachable). Authenticate with ?ticket= (POST /v1/events/tickets) or Authorization: Bearer. Resumes after Last-Event-ID (header, or ?lastEventId=) while the short buffer holds it, else sends stream.resync.",
			tags: ["realtime"],
			access: { kind: "public" },
			query: [
				{
					name: "channels",
					description: `1 to ${MAX_STREAM_CHANNELS} channel names, separated by commas (e.g. private-school-{tenantId}).`,
					required: true,
					schema: { type: "string", minLength: 1, maxLength: MAX_STREAM_CHANNELS * 165 },
				},
				{ name: "ticket", description: "A ticket from POST /v1/events/tickets (single use).", schema: { type: "string", minLength: 16, maxLength: 128 } },
				{ name: "lastEventId", description: "Resume after this event (what EventSource sends as Last-Event-ID on its own reconnects).", schema: { type: "string", maxLength: 64 } },
			],
			response: { status: 200, body: EventStreamText, description: "The stream; it stays open.", contentType: "text/event-stream" },
			errors: ["unauthenticated", "forbidden", "unavailable"],
			handle: async ({ req, res }) => {
				await serveEventStream(deps, req, res);
				// The stream is written and stays open: the registry sends nothing once headers are out.
				return "";
			},
		}),
	],
	// Before the HTTP server drains, open streams end, so the drain does not wait on them; clients resume elsewhere.
	beforeDrain: (deps) => deps.infra.realtime.streams.endAll(),
};
