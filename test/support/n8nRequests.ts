import { request as httpRequestRaw, type IncomingHttpHeaders } from 'http';
import { request as httpsRequestRaw } from 'https';
import { stringify } from 'querystring';
import { Readable } from 'stream';
import {
	NodeApiError,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

/**
 * n8n's request helpers as nodes see them, over Node's http module as n8n's axios does:
 * - `httpRequest` throws an axios-shaped error (`response.status`, `.headers`, `.data`);
 * - `httpRequestWithAuthentication` applies the credential's `authenticate`, runs its
 *   `preAuthentication` the way n8n does (`credentials-helper.ts`, `authentication.ts`): when
 *   the expirable hidden property is empty, and again once after a 401, persisting the new value;
 *   then n8n 2.41 re-sends the request unless its body is a stream (it surfaces the 401), while
 *   n8n 1.x re-sends it as it is, stream included; every failure is wrapped in a NodeApiError.
 */

export interface CredentialStore {
	/** Decrypted credential data by type, updated in place when preAuthentication persists. */
	credentials: Record<string, IDataObject>;
	credentialTypes: Record<string, ICredentialType>;
}

export interface RequestLog {
	/** preAuthentication runs, by credential type. */
	preAuthentications: Record<string, number>;
}

export class HttpError extends Error {
	readonly isAxiosError = true;
	readonly httpCode: string;

	constructor(readonly response: { status: number; headers: IncomingHttpHeaders; data: unknown }) {
		super(`Request failed with status code ${response.status}`);
		this.httpCode = String(response.status);
	}
}

function parseBody(content: Buffer, encoding: IHttpRequestOptions['encoding'], json: boolean | undefined): unknown {
	if (encoding === 'arraybuffer') return content;
	const text = content.toString('utf8');
	if (text === '') return json ? {} : '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** n8n's `helpers.httpRequest`. */
export async function httpRequest(request: IHttpRequestOptions): Promise<unknown> {
	const url = new URL(request.url, request.baseURL);
	for (const [name, value] of Object.entries(request.qs ?? {})) {
		if (Array.isArray(value)) for (const entry of value) url.searchParams.append(name, String(entry));
		else if (value !== undefined) url.searchParams.set(name, String(value));
	}
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = String(value);
	if (request.auth) {
		headers.authorization = `Basic ${Buffer.from(`${request.auth.username}:${request.auth.password}`).toString('base64')}`;
	}
	let body: Buffer | Readable | undefined;
	const given = request.body as unknown;
	if (given instanceof Readable) body = given;
	else if (Buffer.isBuffer(given)) body = given;
	else if (typeof given === 'string') body = Buffer.from(given);
	else if (given instanceof URLSearchParams) {
		body = Buffer.from(given.toString());
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
	} else if (given !== undefined && given !== null && !(typeof given === 'object' && Object.keys(given).length === 0)) {
		if (headers['content-type'] === 'application/x-www-form-urlencoded') body = Buffer.from(stringify(given as never));
		else {
			body = Buffer.from(JSON.stringify(given));
			headers['content-type'] ??= 'application/json';
		}
	}
	if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
	if (request.json) headers.accept ??= 'application/json';

	const send = url.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
	const { status, responseHeaders, content } = await new Promise<{
		status: number;
		responseHeaders: IncomingHttpHeaders;
		content: Buffer;
	}>((resolve, reject) => {
		const outgoing = send(url, { method: request.method ?? 'GET', headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, responseHeaders: response.headers, content: Buffer.concat(chunks) }));
			response.on('error', reject);
		});
		outgoing.on('error', reject);
		if (body instanceof Readable) {
			body.on('error', (error) => outgoing.destroy(error));
			body.pipe(outgoing);
		} else {
			outgoing.end(body);
		}
	});
	if (status < 200 || status >= 300) {
		throw new HttpError({ status, headers: responseHeaders, data: parseBody(content, undefined, request.json) });
	}
	return parseBody(content, request.encoding, request.json);
}

/** `={{$credentials.name}}`, `=Bearer {{$credentials.name}}`: the expressions credentials use. */
function resolveCredentialExpression(value: unknown, credentials: IDataObject): string {
	return String(value)
		.replace(/^=/, '')
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, name: string) => String(credentials[name] ?? ''));
}

/** What n8n's credentials helper does with a credential's `authenticate` (and OAuth2 tokens). */
export function authenticated(type: ICredentialType | undefined, credentials: IDataObject, request: IHttpRequestOptions): IHttpRequestOptions {
	const headers = { ...(request.headers ?? {}) } as IDataObject;
	const oauthToken = (credentials.oauthTokenData as IDataObject | undefined)?.access_token;
	if (oauthToken) headers.Authorization = `Bearer ${String(oauthToken)}`;
	const generic = type?.authenticate;
	if (generic && typeof generic === 'object' && generic.type === 'generic') {
		for (const [name, value] of Object.entries(generic.properties.headers ?? {})) {
			headers[name] = resolveCredentialExpression(value, credentials);
		}
		const auth = generic.properties.auth;
		if (auth) {
			return {
				...request,
				headers,
				auth: {
					username: resolveCredentialExpression(auth.username, credentials),
					password: resolveCredentialExpression(auth.password, credentials),
				},
			};
		}
	}
	return { ...request, headers };
}

function expirablePropertyOf(type: ICredentialType | undefined): string | undefined {
	return type?.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true)?.name;
}

/** n8n's credentialsHelper.preAuthentication: runs when the token is empty or expired, persists it. */
async function preAuthenticate(store: CredentialStore, typeName: string, credentials: IDataObject, expired: boolean, log: RequestLog) {
	const type = store.credentialTypes[typeName];
	const expirable = expirablePropertyOf(type);
	if (!expirable || typeof type?.preAuthentication !== 'function') return;
	if (credentials[expirable] !== '' && credentials[expirable] !== undefined && !expired) return;
	log.preAuthentications[typeName] = (log.preAuthentications[typeName] ?? 0) + 1;
	const output = await type.preAuthentication.call({ helpers: { httpRequest } } as never, credentials as never);
	if (output[expirable] === undefined) return;
	Object.assign(store.credentials[typeName], output);
	Object.assign(credentials, output);
}

function hasSingleUseBody(request: IHttpRequestOptions): boolean {
	return (request.body as unknown) instanceof Readable;
}

/** n8n's `helpers.httpRequestWithAuthentication` (2.41's behaviour, or 1.x's, see above). */
export function httpRequestWithAuthenticationFor(store: CredentialStore, node: () => INode, log: RequestLog, n8nMajor: 1 | 2 = 2) {
	return async function httpRequestWithAuthentication(typeName: string, request: IHttpRequestOptions): Promise<unknown> {
		const type = store.credentialTypes[typeName];
		// n8n decrypts a new copy for every call.
		const credentials: IDataObject = { ...(store.credentials[typeName] ?? {}) };
		let sent = false;
		try {
			await preAuthenticate(store, typeName, credentials, false, log);
			const options = authenticated(type, credentials, request);
			sent = true;
			return await httpRequest(options);
		} catch (error) {
			if (httpStatusOfResponse(error) === 401 && expirablePropertyOf(type)) {
				try {
					await preAuthenticate(store, typeName, credentials, true, log);
					if (n8nMajor === 2 && sent && hasSingleUseBody(request)) throw new NodeApiError(node(), error as JsonObject);
					return await httpRequest(authenticated(type, credentials, request));
				} catch (retryError) {
					throw new NodeApiError(node(), retryError as JsonObject);
				}
			}
			throw new NodeApiError(node(), error as JsonObject);
		}
	};
}

function httpStatusOfResponse(error: unknown): number | undefined {
	return (error as { response?: { status?: number } })?.response?.status;
}
