import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { WebhookRejection } from './WebhookRejection';

/** Refuses the request: the status and reason go to the caller, no run starts. */
export function answerRejection(
	context: IWebhookFunctions,
	rejection: WebhookRejection,
): IWebhookResponseData {
	context.logger.warn(`Fax webhook rejected with ${rejection.status}: ${rejection.message}`, {
		node: context.getNode().name,
	});
	return answer(context, rejection.status, { error: rejection.message });
}

/** Accepts the request without starting a run (a duplicate, an event not selected). */
export function answerAcknowledged(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.logger.debug(`Fax webhook acknowledged without a run: ${reason}`, {
		node: context.getNode().name,
	});
	return answer(context, 200, { received: true, started: false, reason });
}

export function answerFailure(context: IWebhookFunctions, error: unknown): IWebhookResponseData {
	context.logger.error(
		`Fax webhook could not be processed: ${error instanceof Error ? error.message : String(error)}`,
		{ node: context.getNode().name },
	);
	return answer(context, 500, {
		error: 'The delivery could not be processed; the provider will retry it',
	});
}

function answer(context: IWebhookFunctions, status: number, body: object): IWebhookResponseData {
	const response = context.getResponseObject();
	if (!response.headersSent) response.status(status).json(body);
	return { noWebhookResponse: true };
}
