/** A step failed for a reason the school must act on; `code` and the message become the deployment's error. */
export class DeployStepError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = "DeployStepError";
	}
}
