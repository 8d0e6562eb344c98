/** Process state the HTTP layer needs: readiness fails and connections are not kept alive once draining. */
export interface Lifecycle {
	readonly draining: boolean;
	beginDrain(): void;
}

export function createLifecycle(): Lifecycle {
	let draining = false;
	return {
		get draining() {
			return draining;
		},
		beginDrain() {
			draining = true;
		},
	};
}
