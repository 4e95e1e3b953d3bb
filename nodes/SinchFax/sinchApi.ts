import { createHash } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { httpStatusOf, providerApiError } from '../FaxCore/providerApi';

export interface SinchFaxCredentials {
	projectId: string;
	keyId: string;
	keySecret: string;
	webhookUsername?: string;
	webhookPassword?: string;
	baseUrl?: string;
	authUrl?: string;
}

type SinchContext = IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

const DEFAULT_BASE_URL = 'https://fax.api.sinch.com/v3';
const DEFAULT_AUTH_URL = 'https://auth.sinch.com/oauth2/token';
/** Renew a token this long before Sinch says it expires. */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;

const HINTS = {
	401: 'Sinch refused the key: check the Key ID and Key Secret in the Sinch Fax credential.',
	403: 'The access key has no access to this project or fax service: check the Project ID.',
	404: 'Sinch does not know this resource: check the Project ID and the fax service.',
	429: 'Sinch is rate limiting the requests: try again in a minute.',
	other: 'Check the Base URL and Auth URL in the Sinch Fax credential and that Sinch is reachable.',
};

const tokens = new Map<string, { accessToken: string; expiresAt: number }>();

async function accessToken(context: SinchContext, credentials: SinchFaxCredentials, renew = false) {
	const authUrl = credentials.authUrl || DEFAULT_AUTH_URL;
	const cacheKey = createHash('sha256')
		.update(`${authUrl}\n${credentials.keyId}\n${credentials.keySecret}`)
		.digest('hex');
	const cached = tokens.get(cacheKey);
	if (!renew && cached && cached.expiresAt - TOKEN_RENEWAL_MARGIN_MS > Date.now()) return cached.accessToken;
	const response = (await context.helpers
		.httpRequest({
			method: 'POST',
			url: authUrl,
			auth: { username: credentials.keyId, password: credentials.keySecret },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials',
			json: true,
		})
		.catch((error: unknown) => {
			throw providerApiError(context.getNode(), error, 'Requesting a Sinch access token', HINTS);
		})) as { access_token?: string; expires_in?: number };
	if (!response.access_token) {
		throw providerApiError(context.getNode(), undefined, 'Requesting a Sinch access token', HINTS);
	}
	tokens.set(cacheKey, {
		accessToken: response.access_token,
		expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
	});
	return response.access_token;
}

/** A call to the Sinch Fax API of the credential's project, with a cached OAuth2 token. */
export async function sinchApiRequest<T = IDataObject>(
	context: SinchContext,
	method: IHttpRequestMethods,
	path: string,
	action: string,
	options: Partial<IHttpRequestOptions> = {},
): Promise<T> {
	const credentials = await context.getCredentials<SinchFaxCredentials>('sinchFaxApi');
	const baseUrl = (credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const send = async (token: string) =>
		(await context.helpers.httpRequest({
			method,
			url: `${baseUrl}/projects/${encodeURIComponent(credentials.projectId)}${path}`,
			json: true,
			...options,
			headers: { accept: 'application/json', ...options.headers, authorization: `Bearer ${token}` },
		})) as T;
	const first = await send(await accessToken(context, credentials)).then(
		(result) => ({ result, error: undefined }),
		(error: unknown) => ({ result: undefined, error }),
	);
	if (first.error === undefined) return first.result as T;
	// A token revoked or expired early: one new token, one more try.
	const retry =
		httpStatusOf(first.error) === 401
			? await send(await accessToken(context, credentials, true)).then(
					(result) => ({ result, error: undefined }),
					(error: unknown) => ({ result: undefined, error }),
				)
			: first;
	if (retry.error === undefined) return retry.result as T;
	throw providerApiError(context.getNode(), retry.error, action, HINTS);
}
