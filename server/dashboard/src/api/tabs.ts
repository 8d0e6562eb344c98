/**
 * Tabs of this dashboard tell each other when someone signs in or out (BroadcastChannel: same origin, this
 * browser only; a channel does not hear its own messages). Browsers without it miss the news until their next
 * refresh, which the service then refuses or answers.
 */
export type TabMessage = { readonly kind: "signed-in" } | { readonly kind: "signed-out" };

let shared: BroadcastChannel | undefined;

function channel(): BroadcastChannel | undefined {
	if (typeof BroadcastChannel === "undefined") return undefined;
	shared ??= new BroadcastChannel("toolboxai-session");
	return shared;
}

export function tellOtherTabs(message: TabMessage): void {
	channel()?.postMessage(message);
}

export function onOtherTabs(listener: (message: TabMessage) => void): () => void {
	const receiver = channel();
	if (receiver === undefined) return () => undefined;
	const handle = (event: MessageEvent<TabMessage>) => listener(event.data);
	receiver.addEventListener("message", handle);
	return () => receiver.removeEventListener("message", handle);
}
