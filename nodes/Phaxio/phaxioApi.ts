import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods, type IHttpRequestOptions } from 'n8n-workflow';

import { providerApiError } from '../FaxCore/providerApi';
import { withRateLimitRetries } from '../FaxCore/rateLimitRetry';

export const PHAXIO_DEFAULT_BASE_URL = 'https://api.phaxio.com/v2.1';

interface PhaxioCredentials {
	apiKey: string;
	apiSecret: string;
	webhookToken?: string;
	baseUrl?: string;
}

/** Phaxio's answer: `{ success, message, data, paging }` (https://www.phaxio.com/docs/api/v2.1/intro/errors). */
export interface PhaxioAnswer<T = IDataObject> {
	success?: boolean;
	message?: string;
	data?: T;
	paging?: { total?: number; per_page?: number; page?: number };
}

const HINTS = {
	401: 'Phaxio refused the credential: check the API Key and API Secret in the Phaxio credential.',
	402: 'The Phaxio account has no funds left for this fax.',
	404: 'Phaxio does not know this fax: check the Fax ID (test and live API keys see different faxes).',
	422: 'Phaxio refused the request: check the numbers, the document and the options named in the message.',
	429: 'Phaxio is rate limiting the requests: try again in a minute.',
	other: 'Check the Base URL in the Phaxio credential and that Phaxio is reachable.',
};

/**
 * A call to the Phaxio API with the node's credential: 429 and 503 are retried, failures
 * (including a 2xx with `success: false`) carry Phaxio's own message, redacted. `options` is a
 * function when the request has a body that can be sent once only (a stream).
 */
export async function phaxioApiRequest<T = PhaxioAnswer>(
	context: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	action: string,
	options: Partial<IHttpRequestOptions> | (() => Partial<IHttpRequestOptions>) = {},
): Promise<T> {
	const credentials = await context.getCredentials<PhaxioCredentials>('phaxioApi');
	if (!credentials.apiKey || !credentials.apiSecret) {
		throw new NodeOperationError(
			context.getNode(),
			'The Phaxio credential has no API Key and API Secret: add them from the API Keys page of the Phaxio console (the Phaxio node needs them; the trigger needs only the Webhook Token)',
		);
	}
	const baseUrl = (credentials.baseUrl || PHAXIO_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const secrets = [credentials.apiKey, credentials.apiSecret, credentials.webhookToken ?? ''];
	let answer: T;
	try {
		answer = await withRateLimitRetries(async () => {
			const request = typeof options === 'function' ? options() : options;
			return (await context.helpers.httpRequestWithAuthentication.call(context, 'phaxioApi', {
				method,
				url: `${baseUrl}${path}`,
				json: true,
				...request,
				headers: { accept: 'application/json', ...request.headers },
			})) as T;
		});
	} catch (error) {
		throw providerApiError(context.getNode(), error, action, HINTS, secrets);
	}
	if ((answer as PhaxioAnswer | undefined)?.success === false) {
		// Phaxio can answer 2xx and still refuse.
		throw providerApiError(context.getNode(), { response: { data: answer } }, action, { other: HINTS[422] }, secrets);
	}
	return answer;
}

/**
 * The record of a fax this node just created (sent, resent, simulated). Phaxio has accepted it,
 * so a failed read must not fail the item (a retry would send the fax twice): what the node
 * knows about the new fax stands in.
 */
export async function phaxioFaxJustCreated(context: IExecuteFunctions, faxId: string, known: IDataObject): Promise<IDataObject> {
	try {
		return { ...known, ...(await phaxioFaxById(context, faxId, 'Reading the new fax from Phaxio')) };
	} catch {
		return known;
	}
}

/** Phaxio's record of one fax (`GET /faxes/{id}`). */
export async function phaxioFaxById(context: IExecuteFunctions, faxId: string, action = 'Reading the fax from Phaxio'): Promise<IDataObject> {
	const answer = await phaxioApiRequest<PhaxioAnswer>(context, 'GET', `/faxes/${encodeURIComponent(faxId)}`, action);
	return answer.data ?? {};
}
