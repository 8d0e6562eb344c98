/**
 * A small Pusher protocol 7 server on `ws`, enough for pusher-js: connection_established, subscribe to private
 * channels with the auth checked (HMAC-SHA256 of socket_id:channel with the app secret), events, ping/pong, and
 * dropping every connection (as a Pusher outage or a reconnect request, close code 4200, would).
 */
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface FakePusherWs {
	readonly port: number;
	readonly key: string;
	/** Subscriptions refused for a bad auth, by channel. */
	readonly refused: string[];
	/** Pongs received in answer to our pings. */
	readonly pongs: () => number;
	subscribed(channel: string): number;
	trigger(channel: string, event: string, data: unknown): void;
	ping(): void;
	dropAll(code?: number): void;
	close(): Promise<void>;
}

export async function startFakePusherWs(app: { key: string; secret: string }): Promise<FakePusherWs> {
	const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
	await new Promise<void>((resolve) => server.once("listening", () => resolve()));
	const sockets = new Map<WebSocket, { socketId: string; channels: Set<string> }>();
	const refused: string[] = [];
	let pongs = 0;
	let next = 0;
	const send = (socket: WebSocket, message: object) => socket.send(JSON.stringify(message));
	server.on("connection", (socket, req) => {
		if (!(req.url ?? "").startsWith(`/app/${app.key}?`) || !(req.url ?? "").includes("protocol=7")) return socket.close(4001, "unknown app or protocol");
		const state = { socketId: `${++next}.${1000 + next}`, channels: new Set<string>() };
		sockets.set(socket, state);
		socket.on("close", () => sockets.delete(socket));
		send(socket, { event: "pusher:connection_established", data: JSON.stringify({ socket_id: state.socketId, activity_timeout: 120 }) });
		socket.on("message", (raw) => {
			const message = JSON.parse(raw.toString()) as { event: string; data?: { channel?: string; auth?: string } };
			if (message.event === "pusher:ping") return send(socket, { event: "pusher:pong", data: {} });
			if (message.event === "pusher:pong") {
				pongs += 1;
				return;
			}
			if (message.event === "pusher:unsubscribe") return void state.channels.delete(message.data?.channel ?? "");
			if (message.event !== "pusher:subscribe") return;
			const channel = message.data?.channel ?? "";
			const expected = `${app.key}:${createHmac("sha256", app.secret).update(`${state.socketId}:${channel}`).digest("hex")}`;
			if (channel.startsWith("private-") && message.data?.auth !== expected) {
				refused.push(channel);
				return send(socket, { event: "pusher:error", data: { code: 4009, message: `Invalid signature for ${channel}` } });
			}
			state.channels.add(channel);
			send(socket, { event: "pusher_internal:subscription_succeeded", channel, data: "{}" });
		});
	});
	return {
		port: (server.address() as AddressInfo).port,
		key: app.key,
		refused,
		pongs: () => pongs,
		subscribed: (channel) => [...sockets.values()].filter((s) => s.channels.has(channel)).length,
		trigger(channel, event, data) {
			for (const [socket, state] of sockets) if (state.channels.has(channel)) send(socket, { event, channel, data: JSON.stringify(data) });
		},
		ping() {
			for (const socket of sockets.keys()) send(socket, { event: "pusher:ping", data: {} });
		},
		dropAll(code = 4200) {
			for (const socket of sockets.keys()) socket.close(code, "reconnect");
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets.keys()) socket.terminate();
				server.close(() => resolve());
			}),
	};
}
