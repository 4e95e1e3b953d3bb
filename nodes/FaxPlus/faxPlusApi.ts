import type {
	INodeCredentialDescription,
	INodeProperties,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { providerApiError } from '../FaxCore/providerApi';
import { withRateLimitRetries } from '../FaxCore/rateLimitRetry';

export const FAX_PLUS_DEFAULT_BASE_URL = 'https://restapi.fax.plus/v3';

/** The Authentication choice of the Fax.Plus nodes, and the credential each option uses (see credentialType). */
export const faxPlusAuthentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Personal Access Token', value: 'accessToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'accessToken',
};

export const FAX_PLUS_CREDENTIALS: INodeCredentialDescription[] = [
	{ name: 'faxPlusApi', required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
	{ name: 'faxPlusOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
];

type FaxPlusContext = IHookFunctions | IWebhookFunctions | IExecuteFunctions;

const HINTS = {
	401: 'Fax.Plus refused the credential: check the Personal Access Token (or reconnect the OAuth2 credential).',
	403: 'The Fax.Plus account may not include API access (Enterprise plans), or the token lacks the scope for webhooks and faxes.',
	404: 'Fax.Plus does not know this resource: check the Fax ID.',
	413: 'The documents are larger than Fax.Plus takes in one fax (150 MB).',
	429: 'Fax.Plus is rate limiting the requests: try again in a minute.',
	other: 'Check the Base URL in the Fax.Plus credential and that Fax.Plus is reachable.',
};

function credentialType(context: FaxPlusContext): string {
	// A regular node reads parameters per item; the authentication is the same for all of them.
	const authentication =
		'getInputData' in context
			? context.getNodeParameter('authentication', 0, 'accessToken')
			: context.getNodeParameter('authentication', 'accessToken');
	return authentication === 'oAuth2' ? 'faxPlusOAuth2Api' : 'faxPlusApi';
}

/**
 * A call to the Fax.Plus REST API with the node's credential: 429 and 503 are retried, failures
 * name what to fix with Fax.Plus's own `description`, redacted. `options` is a function when the
 * request has a body that can be sent once only (a stream).
 */
export async function faxPlusApiRequest<T = IDataObject>(
	context: FaxPlusContext,
	method: IHttpRequestMethods,
	path: string,
	action: string,
	options: Partial<IHttpRequestOptions> | (() => Partial<IHttpRequestOptions>) = {},
): Promise<T> {
	const type = credentialType(context);
	const credentials = await context.getCredentials<{
		baseUrl?: string;
		clientId?: string;
		clientSecret?: string;
		accessToken?: string;
		oauthTokenData?: { access_token?: string; refresh_token?: string };
	}>(type);
	const baseUrl = (credentials.baseUrl || FAX_PLUS_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const secrets = [
		credentials.accessToken ?? '',
		credentials.clientSecret ?? '',
		credentials.oauthTokenData?.access_token ?? '',
		credentials.oauthTokenData?.refresh_token ?? '',
	];
	try {
		return await withRateLimitRetries(async () => {
			const request = typeof options === 'function' ? options() : options;
			return (await context.helpers.httpRequestWithAuthentication.call(context, type, {
				method,
				url: `${baseUrl}${path}`,
				json: true,
				...request,
				headers: {
					accept: 'application/json',
					// Fax.Plus requires the OAuth client id alongside OAuth tokens.
					...(type === 'faxPlusOAuth2Api' && credentials.clientId ? { 'x-fax-clientid': credentials.clientId } : {}),
					...request.headers,
				},
			})) as T;
		});
	} catch (error) {
		throw providerApiError(context.getNode(), error, action, HINTS, secrets);
	}
}
