/**
 * Studio's WebStreamClient as a StreamOpener. Studio allows a few open streams per session for every plugin together
 * (six by its documentation, four by some reports): this plugin keeps to two, and when none can be opened (the limit,
 * a live server, where WebStreamClient is refused) the Deploy view reads the deployment every 2 s as before.
 */
import type { StreamOpener } from "./event-stream";

export const MAX_OPEN_STREAMS = 2;
let openStreams = 0;

export function studioStreamOpener(http: HttpService): StreamOpener {
	return (request, callbacks) => {
		if (openStreams >= MAX_OPEN_STREAMS) return undefined;
		const [ok, client] = pcall(() => http.CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url: request.url, Method: "GET", Headers: request.headers }));
		if (!ok || client === undefined) return undefined;
		const stream = client as WebStreamClient;
		openStreams += 1;
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			openStreams -= 1;
			for (const connection of connections) connection.Disconnect();
		};
		const connections = [
			stream.Opened.Connect((status) => callbacks.opened(status)),
			stream.MessageReceived.Connect((message) => callbacks.message(message)),
			stream.Error.Connect((status, message) => callbacks.failed(status, message)),
			stream.Closed.Connect(() => {
				release();
				callbacks.closed();
			}),
		];
		return {
			close: () => {
				release();
				pcall(() => stream.Close());
			},
		};
	};
}
