import type { ServerResponse } from 'http';

import { FakeApiServer, sendJson, type RecordedRequest } from './fakeApiServer';
import { multipartParts, type ParsedPart } from './multipartParts';

/**
 * The Phaxio v2.1 API as documented (https://www.phaxio.com/docs/api/v2.1/faxes): HTTP Basic with
 * the API key and secret, `{ success, message, data }` answers, and a strict check of every send
 * (multipart only, known field names, E.164 numbers, header text ≤ 50, a document or a URL).
 * A request it refuses is answered 422 `{ success: false, message }` and its reason kept in `refusals`.
 */

export interface FakePhaxioFax extends Record<string, unknown> {
	id: number;
	direction: 'sent' | 'received';
	status: string;
	created_at: string;
	num_pages: number;
	is_test: boolean;
}

export interface InjectedFailure {
	method: string;
	path: RegExp;
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const SEND_FIELDS = new Set(['to[]', 'content_url[]', 'caller_id', 'header_text', 'callback_url', 'cancel_timeout', 'batch_delay']);
const RECEIVE_FIELDS = new Set(['direction', 'to_number', 'from_number']);
const E164 = /^\+[1-9]\d{6,14}$/;

export class FakePhaxioApi {
	readonly faxes = new Map<number, FakePhaxioFax>();
	/** The files each fax was sent with, in order. */
	readonly files = new Map<number, ParsedPart['file'][]>();
	readonly refusals: string[] = [];
	/** Answered, in order, instead of the matching requests. */
	readonly failures: InjectedFailure[] = [];
	readonly server: FakeApiServer;
	private nextId = 1000;
	private clock = Date.parse('2026-01-10T10:00:00Z');

	constructor(
		readonly apiKey: string,
		readonly apiSecret: string,
	) {
		this.server = new FakeApiServer(async (request, res) => await this.route(request, res));
	}

	private refuse(res: ServerResponse, message: string) {
		this.refusals.push(message);
		sendJson(res, 422, { success: false, message });
	}

	/** A fax record as Phaxio keeps it; the clock moves a second per fax unless given. */
	addFax(fields: Partial<FakePhaxioFax> & { direction: 'sent' | 'received' }): FakePhaxioFax {
		const id = fields.id ?? this.nextId++;
		this.clock += 1000;
		const fax: FakePhaxioFax = {
			status: fields.direction === 'received' ? 'success' : 'queued',
			created_at: new Date(this.clock).toISOString(),
			num_pages: 1,
			is_test: true,
			cost: 7,
			...fields,
			id,
		};
		this.faxes.set(id, fax);
		return fax;
	}

	private async route(request: RecordedRequest, res: ServerResponse) {
		const expected = `Basic ${Buffer.from(`${this.apiKey}:${this.apiSecret}`).toString('base64')}`;
		if (request.headers.authorization !== expected) {
			return sendJson(res, 401, { success: false, message: 'Invalid API key or secret' });
		}
		if (!request.path.startsWith('/v2.1/')) return sendJson(res, 404, { success: false, message: 'Not found' });
		const path = request.path.slice('/v2.1'.length);
		const failure = this.failures.findIndex((candidate) => candidate.method === request.method && candidate.path.test(path));
		if (failure >= 0) {
			const [{ status, headers, body }] = this.failures.splice(failure, 1);
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(body));
			return;
		}
		// GET /account/status (https://www.phaxio.com/docs/api/v2.1/account/status): what the credential test calls.
		if (request.method === 'GET' && path === '/account/status') {
			return sendJson(res, 200, { success: true, message: 'Account status retrieved successfully', data: { balance: 5000, faxes_today: 0, faxes_this_month: 0 } });
		}
		if (request.method === 'POST' && path === '/faxes') return await this.createFax(request, res);
		if (request.method === 'GET' && path === '/faxes') return this.listFaxes(request, res);
		const match = /^\/faxes\/(\d+)(\/file|\/cancel|\/resend)?$/.exec(path);
		const fax = match ? this.faxes.get(Number(match[1])) : undefined;
		if (!match || !fax) return sendJson(res, 404, { success: false, message: 'Fax not found' });
		if (request.method === 'GET' && !match[2]) return sendJson(res, 200, { success: true, message: 'Retrieved fax successfully', data: fax });
		if (request.method === 'GET' && match[2] === '/file') {
			const file = this.files.get(fax.id)?.[0];
			if (!file) return sendJson(res, 404, { success: false, message: 'Fax file not found' });
			res.writeHead(200, { 'content-type': 'application/pdf' }).end(file.content);
			return;
		}
		if (request.method === 'POST' && match[2] === '/cancel') {
			if (fax.status !== 'queued' && fax.status !== 'inprogress') return this.refuse(res, 'Fax cannot be cancelled');
			fax.status = 'failure';
			fax.error_type = 'generalError';
			fax.error_message = 'Fax was cancelled';
			return sendJson(res, 200, { success: true, message: 'Fax cancellation scheduled successfully', data: { id: fax.id } });
		}
		if (request.method === 'POST' && match[2] === '/resend') {
			if (fax.direction !== 'sent') return this.refuse(res, 'Only sent faxes can be resent');
			const copy = this.addFax({ ...fax, id: undefined, direction: 'sent', status: 'queued' });
			this.files.set(copy.id, this.files.get(fax.id) ?? []);
			return sendJson(res, 200, { success: true, message: 'Fax queued for resending', data: { id: copy.id } });
		}
		sendJson(res, 404, { success: false, message: `no route ${request.method} ${request.path}` });
	}

	private async createFax(request: RecordedRequest, res: ServerResponse) {
		let parts: ParsedPart[];
		try {
			parts = await multipartParts(request);
		} catch (error) {
			return this.refuse(res, `Faxes are sent as multipart/form-data: ${(error as Error).message}`);
		}
		const fields = parts.filter((part) => part.value !== undefined);
		const files = parts.filter((part) => part.file).map((part) => part.file);
		const value = (name: string) => fields.find((field) => field.field === name)?.value;
		if (value('direction') === 'received') {
			const unknown = fields.find((field) => !RECEIVE_FIELDS.has(field.field));
			if (unknown) return this.refuse(res, `Unknown parameter for a test receive: ${unknown.field}`);
			if (parts.some((part) => part.file && part.field !== 'file')) return this.refuse(res, 'A test receive takes one "file"');
			if (files.length !== 1 || !E164.test(value('to_number') ?? '')) return this.refuse(res, 'to_number and one file are required');
			const fax = this.addFax({ direction: 'received', to_number: value('to_number'), from_number: value('from_number') ?? '+15550000000' });
			this.files.set(fax.id, files);
			return sendJson(res, 200, { success: true, message: 'Test fax received', data: { id: fax.id } });
		}
		const unknown = fields.find((field) => !SEND_FIELDS.has(field.field) && !/^tag\[\w+\]$/.test(field.field));
		if (unknown) return this.refuse(res, `Unknown parameter: ${unknown.field}`);
		if (parts.some((part) => part.file && part.field !== 'file[]' && part.field !== 'file')) return this.refuse(res, 'Files go in file[]');
		const to = fields.filter((field) => field.field === 'to[]').map((field) => field.value!);
		if (to.length === 0) return this.refuse(res, 'You must provide at least one recipient in to[]');
		const badNumber = to.find((number) => !E164.test(number));
		if (badNumber) return this.refuse(res, `Phone number ${badNumber} is invalid`);
		const contentUrls = fields.filter((field) => field.field === 'content_url[]');
		if (files.length === 0 && contentUrls.length === 0) return this.refuse(res, 'You must provide a file or a content_url');
		if ((value('header_text') ?? '').length > 50) return this.refuse(res, 'header_text is longer than 50 characters');
		const callback = value('callback_url');
		if (callback !== undefined && !URL.canParse(callback)) return this.refuse(res, 'callback_url is not a URL');
		const cancelTimeout = value('cancel_timeout');
		if (cancelTimeout !== undefined && !(Number(cancelTimeout) >= 3 && Number(cancelTimeout) <= 60)) {
			return this.refuse(res, 'cancel_timeout must be between 3 and 60');
		}
		const fax = this.addFax({
			direction: 'sent',
			caller_id: value('caller_id') ?? '+15550009999',
			recipients: to.map((number) => ({ phone_number: number, status: 'queued', retry_count: 0 })),
			num_pages: files.length + contentUrls.length,
		});
		this.files.set(fax.id, files);
		sendJson(res, 200, { success: true, message: 'Fax queued for sending', data: { id: fax.id } });
	}

	private listFaxes(request: RecordedRequest, res: ServerResponse) {
		const known = new Set(['created_before', 'created_after', 'direction', 'status', 'phone_number', 'per_page', 'page']);
		const unknown = [...request.query.keys()].find((key) => !known.has(key));
		if (unknown) return this.refuse(res, `Unknown parameter: ${unknown}`);
		const perPage = Number(request.query.get('per_page') ?? 25);
		const page = Number(request.query.get('page') ?? 1);
		if (!(perPage >= 1 && perPage <= 1000) || !(page >= 1)) return this.refuse(res, 'per_page must be 1–1000 and page ≥ 1');
		const after = request.query.get('created_after');
		const before = request.query.get('created_before');
		const direction = request.query.get('direction');
		const faxes = [...this.faxes.values()]
			.filter((fax) => !direction || fax.direction === direction)
			.filter((fax) => !after || fax.created_at >= after)
			.filter((fax) => !before || fax.created_at < before)
			.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
		sendJson(res, 200, {
			success: true,
			message: 'Retrieved faxes successfully',
			data: faxes.slice((page - 1) * perPage, page * perPage),
			paging: { total: faxes.length, per_page: perPage, page },
		});
	}

	get baseUrl() {
		return `${this.server.baseUrl}/v2.1`;
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
