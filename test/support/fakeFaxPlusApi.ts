import { randomUUID } from 'crypto';

import type { ServerResponse } from 'http';

import { FakeApiServer, sendJson, type RecordedRequest } from './fakeApiServer';
import { multipartParts } from './multipartParts';

export interface FakeFaxPlusHook {
	id: string;
	target: string;
	event: string;
}

export interface FakeFaxPlusFax extends Record<string, unknown> {
	id: string;
	from: string;
	to: string;
}

export interface InjectedFailure {
	method: string;
	path: RegExp;
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const OUTBOX_FIELDS = new Set(['from', 'to', 'files', 'comment', 'options', 'send_time', 'return_ids', 'cover_page']);
const LIST_PARAMETERS = new Set(['category', 'after', 'before', 'limit']);

/**
 * The parts of the Fax.Plus v3 API the nodes use (https://apidoc.fax.plus/): hooks, fax records
 * and their list (a time window, no page token), file upload (`fax_file`, `?format=pdf|tiff`) and
 * download, and the outbox (JSON), behind a Personal Access Token (or an OAuth token with
 * x-fax-clientid). Requests off the documented shape are answered 400 `{ error, description }`.
 */
export class FakeFaxPlusApi {
	readonly hooks: FakeFaxPlusHook[] = [];
	readonly faxes = new Map<string, FakeFaxPlusFax>();
	readonly files = new Map<string, Buffer>();
	/** Status to answer file downloads with instead of the file (e.g. 500). */
	failFileDownloads?: number;
	/** Uploaded files by the path the upload answered, and outbox entries by fax id. */
	readonly uploads = new Map<string, { format: string; content: Buffer; fileName: string }>();
	readonly outbox = new Map<string, Record<string, unknown>>();
	readonly refusals: string[] = [];
	readonly failures: InjectedFailure[] = [];
	/** Whether a list's `before` includes records at that very second (Fax.Plus does not say). */
	beforeIsInclusive = false;
	/** A status to answer a request with instead of serving it (an outage, a refused call). */
	failWhen?: (request: { method: string; path: string }) => number | undefined;
	readonly server: FakeApiServer;

	constructor(
		readonly accessToken: string,
		readonly oauthClientId?: string,
	) {
		this.server = new FakeApiServer(async (request, res) => {
			const authorized =
				request.headers.authorization === `Bearer ${this.accessToken}` &&
				(this.oauthClientId === undefined || request.headers['x-fax-clientid'] === this.oauthClientId);
			if (!authorized) return sendJson(res, 401, { error: 'invalid_token', description: 'The access token is invalid or expired' });
			const { method, path } = request;
			const failStatus = this.failWhen?.(request);
			if (failStatus) return sendJson(res, failStatus, { error: 'failed on purpose', description: `${method} ${path}` });
			const failure = this.failures.findIndex((candidate) => candidate.method === method && candidate.path.test(path));
			if (failure >= 0) {
				const [{ status, headers, body }] = this.failures.splice(failure, 1);
				res.writeHead(status, { 'content-type': 'application/json', ...headers });
				res.end(JSON.stringify(body));
				return;
			}
			if (method === 'POST' && path === '/v3/accounts/self/files') return await this.upload(request, res);
			if (method === 'POST' && path === '/v3/accounts/self/outbox') return this.queue(request, res);
			if (method === 'GET' && path === '/v3/accounts/self/faxes') return this.list(request, res);
			const outboxMatch = /^\/v3\/accounts\/self\/outbox\/([^/]+)$/.exec(path);
			if (method === 'DELETE' && outboxMatch) {
				if (!this.outbox.delete(decodeURIComponent(outboxMatch[1]))) return sendJson(res, 404, { error: 'not_found', description: 'Outbox fax not found' });
				res.writeHead(204).end();
				return;
			}
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

	private refuse(res: ServerResponse, description: string) {
		this.refusals.push(description);
		sendJson(res, 400, { error: 'invalid_request', description });
	}

	private async upload(request: RecordedRequest, res: ServerResponse) {
		const format = request.query.get('format');
		if (format !== 'pdf' && format !== 'tiff') return this.refuse(res, 'format must be pdf or tiff');
		let parts;
		try {
			parts = await multipartParts(request);
		} catch (error) {
			return this.refuse(res, (error as Error).message);
		}
		if (parts.length !== 1 || parts[0].field !== 'fax_file' || !parts[0].file) return this.refuse(res, 'Expected one fax_file part');
		const path = `/storage/${randomUUID()}.${format}`;
		this.uploads.set(path, { format, content: parts[0].file.content, fileName: parts[0].file.fileName });
		sendJson(res, 200, { path });
	}

	private queue(request: RecordedRequest, res: ServerResponse) {
		if (!request.headers['content-type']?.startsWith('application/json')) return this.refuse(res, 'The outbox takes JSON');
		const body = JSON.parse(request.body) as Record<string, unknown>;
		const unknown = Object.keys(body).find((key) => !OUTBOX_FIELDS.has(key));
		if (unknown) return this.refuse(res, `Unknown field ${unknown}`);
		const to = body.to;
		if (!Array.isArray(to) || to.length === 0 || !to.every((number) => typeof number === 'string' && E164.test(number))) {
			return this.refuse(res, 'to must be a list of E.164 numbers');
		}
		const files = body.files;
		if (!Array.isArray(files) || files.length === 0 || files.length > 10 || !files.every((file) => this.uploads.has(String(file)))) {
			return this.refuse(res, 'files must list 1 to 10 uploaded file paths');
		}
		const ids: Record<string, string> = {};
		for (const number of to as string[]) {
			const id = randomUUID().replace(/-/g, '').slice(0, 24);
			ids[number] = id;
			this.outbox.set(id, { ...body, to: number });
			// The fax record and its file, as Fax.Plus shows them once the fax has left the outbox.
			this.faxes.set(id, {
				id,
				from: String(body.from ?? '+15550000000'),
				to: number,
				direction: 'outgoing',
				status: 'sent',
				pages: 1,
				start_time: new Date().toISOString().slice(0, 19).replace('T', ' '),
				file: `file-${id}`,
			});
			this.files.set(`file-${id}`, this.uploads.get(String(files[0]))!.content);
		}
		sendJson(res, 201, body.return_ids === true ? { ids } : {});
	}

	private list(request: RecordedRequest, res: ServerResponse) {
		const unknown = [...request.query.keys()].find((key) => !LIST_PARAMETERS.has(key));
		if (unknown) return this.refuse(res, `Unknown parameter ${unknown}`);
		const category = request.query.get('category');
		if (category !== 'inbox' && category !== 'sent' && category !== 'spam') return this.refuse(res, 'category must be inbox, sent or spam');
		const limit = Number(request.query.get('limit') ?? 25);
		if (!(limit >= 1 && limit <= 100)) return this.refuse(res, 'limit must be 1–100');
		const time = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
		const after = request.query.get('after');
		const before = request.query.get('before');
		if ((after && !time.test(after)) || (before && !time.test(before))) return this.refuse(res, 'after and before are YYYY-MM-DD HH:mm:ss');
		const records = [...this.faxes.values()]
			.filter((fax) => (category === 'inbox' ? fax.direction === 'incoming' : fax.direction === 'outgoing'))
			.filter((fax) => !after || String(fax.start_time) >= after)
			.filter((fax) => !before || (this.beforeIsInclusive ? String(fax.start_time) <= before : String(fax.start_time) < before))
			.sort((a, b) => String(b.start_time).localeCompare(String(a.start_time)) || String(a.id).localeCompare(String(b.id)));
		sendJson(res, 200, { data: { records: records.slice(0, limit) } });
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
