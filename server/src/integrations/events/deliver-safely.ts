import type { BusListener } from "./event-bus";

/** Calls every listener; one that throws neither stops the others nor reaches the publisher. */
export function deliverSafely(listeners: ReadonlyArray<BusListener>, payload: unknown, onError: (error: unknown) => void = () => undefined): void {
	for (const listener of listeners) {
		try {
			listener(payload);
		} catch (error) {
			onError(error);
		}
	}
}
