import { deploymentChannel, REALTIME_EVENTS } from "@toolboxai/shared";

/**
 * Following a deployment through the service's event stream (GET /v1/events, server-sent events) instead of reading
 * it every 2 s. The engine part (Studio's WebStreamClient) is given as a StreamOpener, so this logic runs under Lune
 * with a scripted opener in the specs and a real one over TCP end to end.
 */

/** One event of the stream: its name, and for ours the id to resume from and the channel it came on. */
export interface StreamMessage {
	readonly event: string;
	readonly id?: string;
	readonly channel?: string;
}

export interface StreamCallbacks {
	readonly opened: (status: number) => void;
	/** One message as the client hands it over: an event's data, or whole SSE frames (both are understood). */
	readonly message: (text: string) => void;
	readonly failed: (status: number, message: string) => void;
	readonly closed: () => void;
}

/** Property functions (not methods): the Studio and Lune openers call them with a dot. */
export interface StreamHandle {
	readonly close: () => void;
}

/** Opens a stream; undefined when none can be opened now (not in Studio, Studio's limit on open streams). */
export type StreamOpener = (request: { readonly url: string; readonly headers: Record<string, string> }, callbacks: StreamCallbacks) => StreamHandle | undefined;

/** JSON text to a value (HttpService:JSONDecode in Studio); throws on bad JSON. */
export type JsonDecode = (text: string) => unknown;

function fieldsOf(frame: string): Map<string, string> {
	const fields = new Map<string, string>();
	for (const line of frame.split("\n")) {
		const [name, value] = line.match("^([%w_]+): ?(.*)$") as LuaTuple<[string | undefined, string | undefined]>;
		if (name === undefined || value === undefined) continue;
		const clean = value.gsub("\r$", "")[0];
		// Several data lines make one value, joined by newlines (the SSE format).
		fields.set(name, name === "data" && fields.has("data") ? `${fields.get("data")}\n${clean}` : clean);
	}
	return fields;
}

function fromData(data: string, decode: JsonDecode, frame?: Map<string, string>): StreamMessage | undefined {
	const [ok, value] = pcall(() => decode(data));
	const body = ok && typeIs(value, "table") ? (value as { event?: unknown; id?: unknown; channel?: unknown }) : undefined;
	const event = frame?.get("event") ?? (typeIs(body?.event, "string") ? (body?.event as string) : undefined);
	if (event === undefined) return undefined;
	const id = frame?.get("id") ?? (typeIs(body?.id, "string") ? (body?.id as string) : undefined);
	const channel = typeIs(body?.channel, "string") ? (body?.channel as string) : undefined;
	return { event, ...(id === undefined ? {} : { id }), ...(channel === undefined ? {} : { channel }) };
}

/**
 * The events in one message. Studio's SSE client may hand over each event's data alone or the frames as sent; the
 * service puts the event's name and id inside its data too, so both forms give the same events.
 */
export function parseStreamMessage(text: string, decode: JsonDecode): Array<StreamMessage> {
	const messages = new Array<StreamMessage>();
	const normalised = text.gsub("\r\n", "\n")[0];
	if (normalised.find("^%s*[{%[]")[0] !== undefined) {
		const single = fromData(normalised, decode);
		if (single !== undefined) messages.push(single);
		return messages;
	}
	for (const frame of normalised.split("\n\n")) {
		const fields = fieldsOf(frame);
		const data = fields.get("data");
		if (data === undefined) continue;
		const message = fromData(data, decode, fields);
		if (message !== undefined) messages.push(message);
	}
	return messages;
}

/** Failed opens or drops in a row before the view gives up on the stream and reads the deployment every 2 s instead. */
export const MAX_STREAM_FAILURES = 3;

export type FollowState = "live" | "unavailable";

export interface DeploymentFollower {
	/** live while the stream is open or being reopened; unavailable once it gave up (the view polls then). */
	readonly state: () => FollowState;
	/** Whether the deployment changed since the last call (an event arrived, or events may have been missed). */
	readonly takeChanged: () => boolean;
	readonly close: () => void;
}

export interface FollowDeps {
	readonly open: StreamOpener;
	/** Where and as whom: the signed-in session's service and a fresh access token; undefined when signed out. */
	readonly target: () => { readonly serverUrl: string; readonly accessToken: string } | undefined;
	readonly decode: JsonDecode;
}

/**
 * Follows one deployment's channel. The Studio plugin sends its access token in the Authorization header (the
 * WebStreamClient can, unlike a browser's EventSource). A drop reopens with Last-Event-ID, so the service replays
 * what was missed; after MAX_STREAM_FAILURES failures in a row the follower says unavailable.
 */
export function followDeployment(deps: FollowDeps, deploymentId: string): DeploymentFollower {
	let state: FollowState = "live";
	let changed = false;
	let failures = 0;
	let lastEventId: string | undefined;
	let handle: StreamHandle | undefined;
	let closed = false;
	let generation = 0;
	const channel = deploymentChannel(deploymentId);

	const giveUpOrRetry = () => {
		handle?.close();
		handle = undefined;
		if (closed || state === "unavailable") return;
		failures += 1;
		// Whatever happened while the stream was down is read again.
		changed = true;
		if (failures >= MAX_STREAM_FAILURES) state = "unavailable";
		else open();
	};

	function open(): void {
		const target = deps.target();
		if (target === undefined) {
			state = "unavailable";
			return;
		}
		generation += 1;
		const mine = generation;
		const headers: Record<string, string> = { Authorization: `Bearer ${target.accessToken}`, Accept: "text/event-stream" };
		if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
		const current = (() => mine === generation && !closed) as () => boolean;
		handle = deps.open(
			{ url: `${target.serverUrl}/v1/events?channels=${channel}`, headers },
			{
				opened: (status) => {
					if (!current()) return;
					if (status !== 200) return giveUpOrRetry();
					failures = 0;
					// One reading once the stream is up covers whatever happened before it opened.
					changed = true;
				},
				message: (text) => {
					if (!current()) return;
					for (const message of parseStreamMessage(text, deps.decode)) {
						if (message.id !== undefined) lastEventId = message.id;
						if (message.event === REALTIME_EVENTS.deploymentUpdated || message.event === REALTIME_EVENTS.resync) changed = true;
					}
				},
				failed: () => {
					if (current()) giveUpOrRetry();
				},
				closed: () => {
					if (current()) giveUpOrRetry();
				},
			},
		);
		if (handle === undefined) state = "unavailable";
	}

	open();
	return {
		state: () => state,
		takeChanged: () => {
			const was = changed;
			changed = false;
			return was;
		},
		close: () => {
			closed = true;
			handle?.close();
			handle = undefined;
		},
	};
}
