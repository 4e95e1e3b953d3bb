import { randomUUID } from 'crypto';
import type { ServerResponse } from 'http';

import { FakeApiServer, sendJson, type RecordedRequest } from './fakeApiServer';
import { multipartParts } from './multipartParts';

export interface FakeSinchService {
	id: string;
	name: string;
	incomingWebhookUrl: string;
	webhookContentType: string;
}

export interface InjectedFailure {
	method: string;
	path: RegExp;
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const SEND_FIELDS = new Set(['to', 'from', 'headerText', 'callbackUrl', 'callbackUrlContentType', 'contentUrl', 'serviceId', 'maxRetries', 'resolution']);
const LIST_PARAMETERS = new Set(['pageSize', 'pageToken', 'direction', 'status', 'to', 'from', 'serviceId', 'createTime', 'createTime>', 'createTime<']);
const FILE_TYPES = new Set(['PDF', 'DOCX', 'TIF', 'JPG', 'TXT', 'HTML', 'PNG']);

/**
 * The OAuth2 token endpoint and the Sinch Fax v3 API (https://developers.sinch.com/docs/fax/api-reference/):
 * bearer tokens that expire, services, and faxes sent as multipart (`file` parts, repeated `to`)
 * or JSON (`files: [{ file, fileType }]`), listed with `pageSize`/`pageToken`. Requests that do not
 * follow the documented shape are answered 400 with `fieldViolations`, their reason kept in `refusals`.
 */
export class FakeSinchApi {
	readonly services = new Map<string, FakeSinchService>();
	readonly faxes = new Map<string, Record<string, unknown>>();
	/** Documents by fax id, served at /faxes/{id}/file (not /file.pdf, to exercise the fallback). */
	readonly documents = new Map<string, Buffer>();
	readonly issuedTokens: string[] = [];
	private readonly tokenExpiry = new Map<string, number>();
	tokenLifetimeSeconds = 3600;
	/** Sinch also takes Basic auth with the key pair, "for testing"; the nodes must not rely on it. */
	acceptBasicAuth = false;
	/** Sinch may answer fewer faxes than asked for: the page a list request gets at most. */
	maxPageSize = 1000;
	readonly refusals: string[] = [];
	readonly failures: InjectedFailure[] = [];
	readonly server: FakeApiServer;
	private clock = Date.parse('2026-01-10T10:00:00Z');

	constructor(
		readonly projectId: string,
		readonly keyId: string,
		readonly keySecret: string,
	) {
		this.server = new FakeApiServer(async (request, res) => await this.route(request, res));
	}

	/** Every token issued so far stops working, as after its hour. */
	expireTokens() {
		for (const token of this.tokenExpiry.keys()) this.tokenExpiry.set(token, 0);
	}

	addFax(fields: Record<string, unknown> & { direction: 'INBOUND' | 'OUTBOUND' }): Record<string, unknown> {
		this.clock += 1000;
		const fax = {
			id: `01H${randomUUID().replace(/-/g, '').slice(0, 23).toUpperCase()}`,
			status: fields.direction === 'INBOUND' ? 'COMPLETED' : 'QUEUED',
			createTime: new Date(this.clock).toISOString(),
			numberOfPages: 1,
			projectId: this.projectId,
			hasFile: fields.direction === 'INBOUND',
			...fields,
		};
		this.faxes.set(fax.id, fax);
		return fax;
	}

	private refuse(res: ServerResponse, field: string, description: string) {
		this.refusals.push(`${field}: ${description}`);
		sendJson(res, 400, {
			code: 400,
			error: 'INVALID_ARGUMENT',
			message: 'Invalid request',
			status: 'INVALID_ARGUMENT',
			details: [{ type: 'BadRequest', fieldViolations: [{ field, description }] }],
		});
	}

	private async route(request: RecordedRequest, res: ServerResponse) {
		const basic = `Basic ${Buffer.from(`${this.keyId}:${this.keySecret}`).toString('base64')}`;
		if (request.method === 'POST' && request.path === '/oauth2/token') {
			if (request.headers.authorization !== basic || request.body !== 'grant_type=client_credentials') {
				return sendJson(res, 401, { error: 'invalid_client' });
			}
			const token = randomUUID();
			this.issuedTokens.push(token);
			this.tokenExpiry.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
			return sendJson(res, 200, { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'bearer' });
		}
		const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		const tokenValid = bearer !== undefined && (this.tokenExpiry.get(bearer) ?? 0) > Date.now();
		if (!tokenValid && !(this.acceptBasicAuth && request.headers.authorization === basic)) {
			return sendJson(res, 401, { code: 401, error: 'UNAUTHENTICATED', message: 'Invalid or expired token', status: 'UNAUTHENTICATED' });
		}
		const prefix = `/v3/projects/${this.projectId}`;
		if (!request.path.startsWith(prefix)) return sendJson(res, 404, { error: 'unknown project' });
		const path = request.path.slice(prefix.length);
		const failure = this.failures.findIndex((candidate) => candidate.method === request.method && candidate.path.test(path));
		if (failure >= 0) {
			const [{ status, headers, body }] = this.failures.splice(failure, 1);
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(body));
			return;
		}
		if (request.method === 'GET' && path === '/services') {
			return sendJson(res, 200, { services: [...this.services.values()].map((service) => this.masked(service)), totalSize: this.services.size });
		}
		const serviceMatch = /^\/services\/([^/]+)$/.exec(path);
		if (serviceMatch) {
			const service = this.services.get(decodeURIComponent(serviceMatch[1]));
			if (!service) return sendJson(res, 404, { error: 'service not found' });
			if (request.method === 'PATCH') Object.assign(service, JSON.parse(request.body));
			return sendJson(res, 200, this.masked(service));
		}
		if (request.method === 'POST' && path === '/faxes') return await this.sendFax(request, res);
		if (request.method === 'GET' && path === '/faxes') return this.listFaxes(request, res);
		const faxMatch = /^\/faxes\/([^/]+)(\/file\.pdf|\/file)?$/.exec(path);
		if (request.method === 'GET' && faxMatch) {
			const faxId = decodeURIComponent(faxMatch[1]);
			if (!faxMatch[2]) {
				const fax = this.faxes.get(faxId);
				return fax ? sendJson(res, 200, fax) : sendJson(res, 404, { code: 404, error: 'NOT_FOUND', message: `Fax ${faxId} not found` });
			}
			const document = this.documents.get(faxId);
			if (faxMatch[2] === '/file.pdf' || !document) return sendJson(res, 404, { error: 'no file' });
			res.writeHead(200, { 'content-type': 'application/pdf' }).end(document);
			return;
		}
		sendJson(res, 404, { error: `no route ${request.method} ${request.path}` });
	}

	private async sendFax(request: RecordedRequest, res: ServerResponse) {
		const contentType = request.headers['content-type'] ?? '';
		const fields: Array<[string, string]> = [];
		const files: Buffer[] = [];
		if (contentType.startsWith('multipart/form-data')) {
			let parts;
			try {
				parts = await multipartParts(request);
			} catch (error) {
				return this.refuse(res, 'body', (error as Error).message);
			}
			for (const part of parts) {
				if (part.file) {
					if (part.field !== 'file') return this.refuse(res, part.field, 'Files are sent in "file" parts');
					files.push(part.file.content);
				} else fields.push([part.field, part.value!]);
			}
		} else if (contentType.startsWith('application/json')) {
			const json = JSON.parse(request.body) as Record<string, unknown>;
			for (const [name, value] of Object.entries(json)) {
				if (name === 'files') {
					for (const file of value as Array<{ file: string; fileType: string }>) {
						if (!FILE_TYPES.has(file.fileType)) return this.refuse(res, 'files.fileType', `Unknown file type ${file.fileType}`);
						files.push(Buffer.from(file.file, 'base64'));
					}
				} else for (const entry of Array.isArray(value) ? value : [value]) fields.push([name, String(entry)]);
			}
		} else {
			return this.refuse(res, 'body', `Unsupported content type ${contentType}`);
		}
		const unknown = fields.find(([name]) => !SEND_FIELDS.has(name));
		if (unknown) return this.refuse(res, unknown[0], 'Unknown field');
		const value = (name: string) => fields.find(([field]) => field === name)?.[1];
		const to = fields.filter(([name]) => name === 'to').map(([, number]) => number);
		if (to.length === 0) return this.refuse(res, 'to', 'At least one recipient is required');
		const bad = to.find((number) => !E164.test(number));
		if (bad) return this.refuse(res, 'to', `${bad} is not a valid E.164 number`);
		if (files.length === 0 && !value('contentUrl')) return this.refuse(res, 'file', 'A file or a contentUrl is required');
		if ((value('headerText') ?? '').length > 50) return this.refuse(res, 'headerText', 'At most 50 characters');
		const callbackUrl = value('callbackUrl');
		if (callbackUrl !== undefined && !URL.canParse(callbackUrl)) return this.refuse(res, 'callbackUrl', 'Not a URL');
		const faxes = to.map((number) => {
			const fax = this.addFax({
				direction: 'OUTBOUND',
				to: number,
				from: value('from') ?? '',
				headerText: value('headerText'),
				callbackUrl,
				serviceId: value('serviceId') ?? 'default',
				isTest: number === '+19898989898',
				hasFile: files.length > 0,
			});
			if (files[0]) this.documents.set(String(fax.id), files[0]);
			return fax;
		});
		sendJson(res, 200, faxes.length === 1 ? faxes[0] : faxes);
	}

	private listFaxes(request: RecordedRequest, res: ServerResponse) {
		const unknown = [...request.query.keys()].find((key) => !LIST_PARAMETERS.has(key));
		if (unknown) return this.refuse(res, unknown, 'Unknown query parameter');
		const pageSize = Number(request.query.get('pageSize') ?? 100);
		if (!(pageSize >= 1 && pageSize <= 1000)) return this.refuse(res, 'pageSize', 'Between 1 and 1000');
		const offset = Number(request.query.get('pageToken') ?? 0);
		const after = request.query.get('createTime>');
		const before = request.query.get('createTime<');
		const direction = request.query.get('direction');
		const faxes = [...this.faxes.values()]
			.filter((fax) => !direction || fax.direction === direction)
			.filter((fax) => !after || String(fax.createTime) >= after)
			.filter((fax) => !before || String(fax.createTime) <= before)
			.sort((a, b) => String(b.createTime).localeCompare(String(a.createTime)));
		const size = Math.min(pageSize, this.maxPageSize);
		sendJson(res, 200, {
			faxes: faxes.slice(offset, offset + size),
			totalItems: faxes.length,
			pageSize: size,
			...(offset + size < faxes.length ? { nextPageToken: String(offset + size) } : {}),
		});
	}

	/** Sinch shows embedded basic-auth passwords masked when a URL is read back. */
	private masked(service: FakeSinchService): FakeSinchService {
		return { ...service, incomingWebhookUrl: service.incomingWebhookUrl.replace(/:\/\/([^:/@]+):[^@/]*@/, '://$1:****@') };
	}

	get baseUrl() {
		return `${this.server.baseUrl}/v3`;
	}

	get authUrl() {
		return `${this.server.baseUrl}/oauth2/token`;
	}

	get requests() {
		return this.server.requests;
	}

	async start() {
		await this.server.start();
		return this;
	}

	async stop() {
		await this.server.stop();
	}
}
