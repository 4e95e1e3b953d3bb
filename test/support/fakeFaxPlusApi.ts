import { randomUUID } from 'crypto';

import { FakeApiServer, sendJson } from './fakeApiServer';

export interface FakeFaxPlusHook {
	id: string;
	target: string;
	event: string;
}

export interface FakeFaxPlusFax {
	id: string;
	from: string;
	to: string;
}

/**
 * The parts of the Fax.Plus v3 API the trigger uses: hooks, fax records and files, behind a
 * Personal Access Token (or an OAuth token with x-fax-clientid).
 */
export class FakeFaxPlusApi {
	readonly hooks: FakeFaxPlusHook[] = [];
	readonly faxes = new Map<string, FakeFaxPlusFax>();
	readonly files = new Map<string, Buffer>();
	/** Status to answer file downloads with instead of the file (e.g. 500). */
	failFileDownloads?: number;
	/** A status to answer a request with instead of serving it (an outage, a refused call). */
	failWhen?: (request: { method: string; path: string }) => number | undefined;
	readonly server: FakeApiServer;

	constructor(
		readonly accessToken: string,
		readonly oauthClientId?: string,
	) {
		this.server = new FakeApiServer((request, res) => {
			const authorized =
				request.headers.authorization === `Bearer ${this.accessToken}` &&
				(this.oauthClientId === undefined || request.headers['x-fax-clientid'] === this.oauthClientId);
			if (!authorized) return sendJson(res, 401, { error: 'invalid_token' });
			const { method, path } = request;
			const failure = this.failWhen?.(request);
			if (failure) return sendJson(res, failure, { error: 'failed on purpose', description: `${method} ${path}` });
			if (method === 'GET' && path === '/v3/accounts/self') return sendJson(res, 200, { uid: 'self' });
			if (method === 'GET' && path === '/v3/hooks') {
				const event = request.query.get('event');
				if (!event) return sendJson(res, 400, { error: 'event is required' });
				return sendJson(res, 200, { data: this.hooks.filter((hook) => hook.event === event) });
			}
			if (method === 'POST' && path === '/v3/hooks') {
				const { target, event } = JSON.parse(request.body) as { target: string; event: string };
				const hook = { id: randomUUID().replace(/-/g, ''), target, event };
				this.hooks.push(hook);
				return sendJson(res, 200, { id: hook.id });
			}
			const hookMatch = /^\/v3\/hooks\/([^/]+)$/.exec(path);
			if (method === 'DELETE' && hookMatch) {
				const index = this.hooks.findIndex((hook) => hook.id === hookMatch[1]);
				if (index < 0) return sendJson(res, 404, { error: 'not found' });
				this.hooks.splice(index, 1);
				res.writeHead(204).end();
				return;
			}
			const faxMatch = /^\/v3\/accounts\/self\/faxes\/([^/]+)$/.exec(path);
			if (method === 'GET' && faxMatch) {
				const fax = this.faxes.get(decodeURIComponent(faxMatch[1]));
				return fax ? sendJson(res, 200, fax) : sendJson(res, 404, { error: 'fax not found' });
			}
			const fileMatch = /^\/v3\/accounts\/self\/files\/([^/]+)$/.exec(path);
			if (method === 'GET' && fileMatch) {
				if (this.failFileDownloads) return sendJson(res, this.failFileDownloads, { error: 'unavailable' });
				const file = this.files.get(decodeURIComponent(fileMatch[1]));
				if (!file) return sendJson(res, 404, { error: 'file not found' });
				res.writeHead(200, { 'content-type': request.query.get('format') === 'tiff' ? 'image/tiff' : 'application/pdf' });
				res.end(file);
				return;
			}
			sendJson(res, 404, { error: `no route ${method} ${path}` });
		});
	}

	get baseUrl() {
		return `${this.server.baseUrl}/v3`;
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
