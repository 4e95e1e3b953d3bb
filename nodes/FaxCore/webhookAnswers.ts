import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { WebhookRejection } from './WebhookRejection';

/** How often, at most, a node's refusals are summed up at `warn` level. */
const REFUSAL_SUMMARY_MS = 60_000;

const refusalsByNode = new Map<string, { since: number; count: number }>();

/**
 * Refuses the request: the status and reason go to the caller, no run starts. Each refusal is
 * logged at `debug`; at `warn`, the first one and then one summary a minute per node, so that
 * a flood of forged requests does not become a flood of log lines.
 */
export function answerRejection(
	context: IWebhookFunctions,
	rejection: WebhookRejection,
): IWebhookResponseData {
	const node = context.getNode();
	const reason = `${rejection.status}: ${rejection.message}`;
	context.logger.debug(`Fax webhook refused a request with ${reason}`, { node: node.name });
	const key = `${String(context.getWorkflow().id ?? '')}:${node.id}`;
	const now = Date.now();
	const refusals = refusalsByNode.get(key);
	if (refusals === undefined || now - refusals.since >= REFUSAL_SUMMARY_MS) {
		const count = (refusals?.count ?? 0) + 1;
		const period = refusals ? ' in the last minute' : '';
		context.logger.warn(`Fax webhook refused ${count} request${count === 1 ? '' : 's'}${period} (latest ${reason})`, {
			node: node.name,
		});
		refusalsByNode.set(key, { since: now, count: 0 });
	} else {
		refusals.count++;
	}
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
