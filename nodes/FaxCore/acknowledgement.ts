import type { INodeProperties } from 'n8n-workflow';

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

/** What RESPONSE_MODE evaluates to, computed without n8n's expression engine. */
export function responseModeOf(parameters: { settings?: { acknowledge?: unknown } }): 'onReceived' | 'lastNode' {
	return parameters.settings?.acknowledge === 'whenReceived' ? 'onReceived' : 'lastNode';
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
