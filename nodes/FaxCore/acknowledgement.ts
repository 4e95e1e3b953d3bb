import type { INodeProperties } from 'n8n-workflow';

import { n8nRunsInQueueMode } from './n8nQueueRedis';

/** The part of n8n's HTTP response the observer needs. */
interface WebhookResponse {
	statusCode: number;
	end: (...args: never[]) => unknown;
}

/**
 * When the provider hears that a delivery arrived. Until it hears a 2xx it delivers again
 * (for about three days), so the later the answer, the fewer ways a fax can be lost.
 */
export type Acknowledgement = 'whenReceived' | 'whenFinished';

export const DEFAULT_ACKNOWLEDGEMENT: Acknowledgement = 'whenFinished';

export const acknowledgeSetting: INodeProperties = {
	displayName: 'Acknowledge Delivery',
	name: 'acknowledge',
	type: 'options',
	default: DEFAULT_ACKNOWLEDGEMENT,
	options: [
		{
			name: 'When the Run Starts',
			value: 'whenReceived',
			description:
				'Answer the provider as soon as n8n starts the run. Fastest; a run that fails, or that n8n loses in a crash, is not delivered again.',
		},
		{
			name: 'When the Workflow Finishes',
			value: 'whenFinished',
			description:
				'Answer only after the workflow ran without error. A failed or crashed run makes the provider deliver the fax again, which starts a new run. Keep the workflow shorter than the provider waits (Sinch: 60 s).',
		},
	],
	description: 'When to tell the fax provider the delivery arrived',
};

/**
 * n8n's response mode for the chosen acknowledgement: it answers once the run started, or once
 * it ended. A setting never chosen is the default, When the Workflow Finishes.
 */
export const RESPONSE_MODE = '={{$parameter["settings"]["acknowledge"] === "whenReceived" ? "onReceived" : "lastNode"}}';

/**
 * The response mode, computed without n8n's expression engine (n8n 2.41 and later use this, and
 * RESPONSE_MODE only when a parameter is an expression). Outside queue mode it is what
 * RESPONSE_MODE gives. In queue mode, When the Workflow Finishes takes n8n's "Respond to Webhook"
 * channel instead of "last node": the worker's job-finished message answers it (200 when the run
 * succeeded, 500 when it failed), whereas "last node" waits for the queue job's end, a wait that
 * now and then never ends (Bull's `finished()` asks whether the job ended, then listens: an end in
 * between is missed), leaving the fax held unanswered for an hour. RESPONSE_MODE itself keeps
 * "last node": n8n 1.x, which reads only it, answers a failed run with 200 in the other mode when
 * not in queue mode.
 */
export function responseModeOf(parameters: { settings?: { acknowledge?: unknown } }): 'onReceived' | 'lastNode' | 'responseNode' {
	if (parameters.settings?.acknowledge === 'whenReceived') return 'onReceived';
	return n8nRunsInQueueMode() ? 'responseNode' : 'lastNode';
}

/**
 * Calls `settle` with the status of the answer n8n writes for this request, at the moment it
 * writes it (once the run started, or once it ended), also when the caller has gone meanwhile.
 */
export function whenAnswered(response: WebhookResponse, settle: (status: number) => void): void {
	const end = response.end;
	response.end = function (this: WebhookResponse, ...args: never[]) {
		response.end = end;
		settle(response.statusCode);
		return end.apply(this, args);
	};
}
