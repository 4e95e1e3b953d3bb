import { randomUUID } from 'crypto';

import { FakeApiServer, sendJson } from './fakeApiServer';

export interface FakeSinchService {
	id: string;
	name: string;
	incomingWebhookUrl: string;
	webhookContentType: string;
}

/** The OAuth2 token endpoint and the parts of the Sinch Fax v3 API the trigger uses. */
export class FakeSinchApi {
	readonly services = new Map<string, FakeSinchService>();
	readonly faxes = new Map<string, Record<string, unknown>>();
	/** Documents by fax id, served at /faxes/{id}/file (not /file.pdf, to exercise the fallback). */
	readonly documents = new Map<string, Buffer>();
	readonly issuedTokens: string[] = [];
	tokenLifetimeSeconds = 3600;
	readonly server: FakeApiServer;

	constructor(
		readonly projectId: string,
		readonly keyId: string,
		readonly keySecret: string,
	) {
		this.server = new FakeApiServer((request, res) => {
			if (request.method === 'POST' && request.path === '/oauth2/token') {
				const expected = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
				if (request.headers.authorization !== expected || !request.body.includes('grant_type=client_credentials')) {
					return sendJson(res, 401, { error: 'invalid_client' });
				}
				const token = randomUUID();
				this.issuedTokens.push(token);
				return sendJson(res, 200, { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'bearer' });
			}
			const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
			const basic = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
			if (!(bearer && this.issuedTokens.includes(bearer)) && request.headers.authorization !== basic) {
				return sendJson(res, 401, { error: 'unauthorized' });
			}
			const prefix = `/v3/projects/${projectId}`;
			if (!request.path.startsWith(prefix)) return sendJson(res, 404, { error: 'unknown project' });
			const path = request.path.slice(prefix.length);
			if (request.method === 'GET' && path === '/services') {
				return sendJson(res, 200, { services: [...this.services.values()].map((service) => this.masked(service)) });
			}
			const serviceMatch = /^\/services\/([^/]+)$/.exec(path);
			if (serviceMatch) {
				const service = this.services.get(decodeURIComponent(serviceMatch[1]));
				if (!service) return sendJson(res, 404, { error: 'service not found' });
				if (request.method === 'PATCH') Object.assign(service, JSON.parse(request.body));
				return sendJson(res, 200, this.masked(service));
			}
			const faxMatch = /^\/faxes\/([^/]+)(\/file\.pdf|\/file)?$/.exec(path);
			if (request.method === 'GET' && faxMatch) {
				const faxId = decodeURIComponent(faxMatch[1]);
				if (!faxMatch[2]) {
					const fax = this.faxes.get(faxId);
					return fax ? sendJson(res, 200, fax) : sendJson(res, 404, { error: 'fax not found' });
				}
				const document = this.documents.get(faxId);
				if (faxMatch[2] === '/file.pdf' || !document) return sendJson(res, 404, { error: 'no file' });
				res.writeHead(200, { 'content-type': 'application/pdf' }).end(document);
				return;
			}
			sendJson(res, 404, { error: `no route ${request.method} ${request.path}` });
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
