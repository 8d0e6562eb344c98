import type { Meta } from "@toolboxai/shared";
import { type MetaHttp, type ProbeFailure, probeServer } from "@toolboxai/shared/out/luau";

/**
 * The plugin's connection to a ToolBoxAI server as a small state machine:
 *
 *   not_connected --connect--> connecting --succeeded--> connected
 *                                         \--failed----> error
 *   connected | error --connect--> connecting;  any --disconnect--> not_connected
 *
 * `transition` is pure; `Connection` runs the probe and keeps the current state. Results of an attempt that was
 * superseded (disconnect or reconnect while the request was out) are dropped by attempt number.
 */
export type ConnectionState =
	| { readonly status: "not_connected" }
	| { readonly status: "connecting"; readonly serverUrl: string; readonly attempt: number }
	| { readonly status: "connected"; readonly serverUrl: string; readonly meta: Meta }
	| { readonly status: "error"; readonly serverUrl: string; readonly reason: ProbeFailure; readonly message: string };

export type ConnectionEvent =
	| { readonly type: "connect"; readonly serverUrl: string; readonly attempt: number }
	| { readonly type: "succeeded"; readonly attempt: number; readonly serverUrl: string; readonly meta: Meta }
	| {
			readonly type: "failed";
			readonly attempt: number;
			readonly serverUrl: string;
			readonly reason: ProbeFailure;
			readonly message: string;
	  }
	| { readonly type: "disconnect" };

export const NOT_CONNECTED: ConnectionState = { status: "not_connected" };

export function transition(state: ConnectionState, event: ConnectionEvent): ConnectionState {
	switch (event.type) {
		case "disconnect":
			return NOT_CONNECTED;
		case "connect":
			// One attempt at a time: a second click while connecting changes nothing.
			if (state.status === "connecting") return state;
			return { status: "connecting", serverUrl: event.serverUrl, attempt: event.attempt };
		case "succeeded":
			if (state.status !== "connecting" || state.attempt !== event.attempt) return state;
			return { status: "connected", serverUrl: event.serverUrl, meta: event.meta };
		case "failed":
			if (state.status !== "connecting" || state.attempt !== event.attempt) return state;
			return { status: "error", serverUrl: event.serverUrl, reason: event.reason, message: event.message };
	}
}

/** Plain words for the widget. */
export function describeState(state: ConnectionState): string {
	switch (state.status) {
		case "not_connected":
			return "Not connected to a ToolBoxAI server.";
		case "connecting":
			return `Connecting to ${state.serverUrl}...`;
		case "connected":
			return `Connected to ToolBoxAI ${state.meta.serverVersion} at ${state.serverUrl} (protocol ${state.meta.protocolVersion}).`;
		case "error":
			return state.message;
	}
}

export type StateListener = (state: ConnectionState) => void;

export class Connection {
	private state: ConnectionState = NOT_CONNECTED;
	private attempts = 0;
	private readonly listeners = new Array<StateListener>();

	constructor(private readonly http: MetaHttp) {}

	getState(): ConnectionState {
		return this.state;
	}

	/** Calls `listener` on every state change; returns the function that stops it. */
	onChange(listener: StateListener): () => void {
		this.listeners.push(listener);
		return () => {
			const index = this.listeners.indexOf(listener);
			if (index >= 0) this.listeners.remove(index);
		};
	}

	/** Probes the server (yields for the HTTP request) and returns the state it ends in. */
	connect(serverUrl: string): ConnectionState {
		if (this.state.status === "connecting") return this.state;
		this.attempts += 1;
		const attempt = this.attempts;
		this.dispatch({ type: "connect", serverUrl, attempt });
		const result = probeServer(this.http, serverUrl);
		if (result.ok) {
			this.dispatch({ type: "succeeded", attempt, serverUrl: result.serverUrl, meta: result.meta });
		} else {
			this.dispatch({ type: "failed", attempt, serverUrl: result.serverUrl, reason: result.reason, message: result.message });
		}
		return this.state;
	}

	disconnect(): void {
		this.dispatch({ type: "disconnect" });
	}

	private dispatch(event: ConnectionEvent) {
		const following = transition(this.state, event);
		if (following === this.state) return;
		this.state = following;
		for (const listener of [...this.listeners]) task.spawn(listener, following);
	}
}
