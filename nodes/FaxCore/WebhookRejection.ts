export type RejectionStatus = 400 | 401 | 403 | 409 | 413 | 415 | 503;

/**
 * A request the trigger refuses. The message is sent to the caller as is, so it names the
 * problem and never carries a secret or a value taken from the credentials.
 */
export class WebhookRejection extends Error {
	constructor(
		readonly status: RejectionStatus,
		message: string,
	) {
		super(message);
		this.name = 'WebhookRejection';
	}
}

export const malformed = (message: string) => new WebhookRejection(400, message);
export const unauthorized = (message: string) => new WebhookRejection(401, message);
export const forbidden = (message: string) => new WebhookRejection(403, message);
export const tooLarge = (message: string) => new WebhookRejection(413, message);
