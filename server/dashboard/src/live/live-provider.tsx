import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { authorizeChannel, getRealtimeConfig, streamTicket } from "../api/realtime";
import { LiveConnection, type LiveListener } from "./live-connection";
import type { LiveStatus } from "./live-types";

const LiveContext = createContext<LiveConnection | undefined>(undefined);

/** One live connection for the signed-in person's pages; closed when they sign out (the provider unmounts). */
export function LiveProvider({ children }: { children: ReactNode }) {
	const [connection] = useState(() => new LiveConnection({ config: getRealtimeConfig, ticket: streamTicket, authorize: authorizeChannel }));
	useEffect(() => {
		void connection.start();
		return () => connection.close();
	}, [connection]);
	return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

/** The connection's state, for the indicator and for pages that poll only as a last resort (offline). */
export function useLiveStatus(): LiveStatus | undefined {
	const connection = useContext(LiveContext);
	const [status, setStatus] = useState<LiveStatus | undefined>(connection?.getStatus());
	useEffect(() => {
		if (connection === undefined) return;
		setStatus(connection.getStatus());
		return connection.onStatus(setStatus);
	}, [connection]);
	return status;
}

/** Calls `listener` with each event on `channel` (and "resync" when events may have been missed); undefined = none. */
export function useLiveChannel(channel: string | undefined, listener: LiveListener): void {
	const connection = useContext(LiveContext);
	const latest = useRef(listener);
	latest.current = listener;
	useEffect(() => {
		if (connection === undefined || channel === undefined) return;
		return connection.subscribe(channel, (event) => latest.current(event));
	}, [connection, channel]);
}
