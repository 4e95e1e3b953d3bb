import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { httpStatusOf, providerApiError } from '../FaxCore/providerApi';
import { isConsumedBodyError } from '../FaxCore/multipartStream';
import { withRateLimitRetries } from '../FaxCore/rateLimitRetry';

export interface SinchFaxCredentials {
	projectId: string;
	keyId: string;
	keySecret: string;
	webhookUsername?: string;
	webhookPassword?: string;
	baseUrl?: string;
	authUrl?: string;
	accessToken?: string;
}

type SinchContext = IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions | IExecuteFunctions;

const DEFAULT_BASE_URL = 'https://fax.api.sinch.com/v3';

const HINTS = {
	400: 'Sinch refused the request: the message names the field to fix.',
	401: 'Sinch refused the key: check the Key ID and Key Secret in the Sinch Fax credential (and its Auth URL).',
	402: 'The Sinch account has no credit left for this fax.',
	403: 'The access key has no access to this project or fax service: check the Project ID.',
	404: 'Sinch does not know this resource: check the Project ID, the fax ID or the fax service.',
	429: 'Sinch is rate limiting the requests: try again in a minute.',
	other: 'Check the Base URL and Auth URL in the Sinch Fax credential and that Sinch is reachable.',
};

/**
 * A call to the Sinch Fax API of the credential's project. n8n's credential machinery supplies
 * the OAuth2 token (the credential's preAuthentication) and renews it on a 401; 429 and 503 are
 * retried; failures carry Sinch's own message, redacted. `options` is a function when the body
 * can be sent once only (a stream): n8n cannot re-send such a body after renewing the token, so
 * it is rebuilt and sent once more here.
 */
export async function sinchApiRequest<T = IDataObject>(
	context: SinchContext,
	method: IHttpRequestMethods,
	path: string,
	action: string,
	options: Partial<IHttpRequestOptions> | (() => Partial<IHttpRequestOptions>) = {},
): Promise<T> {
	const credentials = await context.getCredentials<SinchFaxCredentials>('sinchFaxApi');
	const baseUrl = (credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const secrets = [credentials.keySecret, credentials.webhookPassword ?? '', credentials.accessToken ?? ''];
	const send = async () => {
		const request = typeof options === 'function' ? options() : options;
		return (await context.helpers.httpRequestWithAuthentication.call(context, 'sinchFaxApi', {
			method,
			url: `${baseUrl}/projects/${encodeURIComponent(credentials.projectId)}${path}`,
			json: true,
			...request,
			headers: { accept: 'application/json', ...request.headers },
		})) as T;
	};
	try {
		return await withRateLimitRetries(async () => {
			try {
				return await send();
			} catch (error) {
				const tokenRenewed = httpStatusOf(error) === 401 || isConsumedBodyError(error);
				// Converted below, once, into a NodeApiError with Sinch's message and the hints.
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				if (typeof options !== 'function' || !tokenRenewed) throw error;
				// n8n renewed and stored the token, but did not send the streamed body again (2.x)
				// or sent the read stream, which fails at once (1.x): a fresh body goes now.
				return await send();
			}
		});
	} catch (error) {
		throw providerApiError(context.getNode(), error, action, HINTS, secrets);
	}
}
