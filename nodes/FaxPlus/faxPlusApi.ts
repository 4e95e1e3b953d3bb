import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { providerApiError } from '../FaxCore/providerApi';

export const FAX_PLUS_DEFAULT_BASE_URL = 'https://restapi.fax.plus/v3';

type FaxPlusContext = IHookFunctions | IWebhookFunctions;

const HINTS = {
	401: 'Fax.Plus refused the credential: check the Personal Access Token (or reconnect the OAuth2 credential).',
	403: 'The Fax.Plus account may not include API access (Enterprise plans), or the token lacks the scope for webhooks and faxes.',
	404: 'Fax.Plus does not know this resource.',
	429: 'Fax.Plus is rate limiting the requests: try again in a minute.',
	other: 'Check the Base URL in the Fax.Plus credential and that Fax.Plus is reachable.',
};

function credentialType(context: FaxPlusContext): string {
	return context.getNodeParameter('authentication', 'accessToken') === 'oAuth2'
		? 'faxPlusOAuth2Api'
		: 'faxPlusApi';
}

/** A call to the Fax.Plus REST API with the node's credential. Failures name what to fix. */
export async function faxPlusApiRequest<T = IDataObject>(
	context: FaxPlusContext,
	method: IHttpRequestMethods,
	path: string,
	action: string,
	options: Partial<IHttpRequestOptions> = {},
): Promise<T> {
	const type = credentialType(context);
	const credentials = await context.getCredentials<{ baseUrl?: string; clientId?: string }>(type);
	const baseUrl = (credentials.baseUrl || FAX_PLUS_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		json: true,
		...options,
		headers: {
			accept: 'application/json',
			// Fax.Plus requires the OAuth client id alongside OAuth tokens.
			...(type === 'faxPlusOAuth2Api' && credentials.clientId
				? { 'x-fax-clientid': credentials.clientId }
				: {}),
			...options.headers,
		},
	};
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, type, request)) as T;
	} catch (error) {
		throw providerApiError(context.getNode(), error, action, HINTS);
	}
}
