import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { Phaxio } from '../../nodes/Phaxio/Phaxio.node';
import { testPhaxioCredential } from '../../nodes/Phaxio/phaxioCredentialTest';
import { BinaryStore, executeNode } from '../support/executeNode';
import { FakePhaxioApi } from '../support/fakePhaxioApi';
import { multipartParts } from '../support/multipartParts';

const API_KEY = 'phx-test-key-7Qm2';
const API_SECRET = 'phx-test-secret-9Zr4';
const WEBHOOK_TOKEN = 'phx-webhook-token-3Kd8';

let api: FakePhaxioApi;
let store: BinaryStore;

beforeEach(async () => {
	api = await new FakePhaxioApi(API_KEY, API_SECRET).start();
	store = await new BinaryStore().open();
});
afterEach(async () => {
	await api.stop();
	await store.close();
});

async function run(parameters: IDataObject | ((itemIndex: number) => IDataObject), items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) {
	const { output } = await executeNode({
		node: new Phaxio(),
		parameters,
		items,
		credentials: { phaxioApi: { apiKey: API_KEY, apiSecret: API_SECRET, webhookToken: WEBHOOK_TOKEN, baseUrl: api.baseUrl } },
		binaryStore: store,
		continueOnFail,
	});
	return output[0];
}

async function pdfItem(content = samplePdf('Invoice 42'), property = 'data'): Promise<INodeExecutionData> {
	return { json: {}, binary: { [property]: await store.put(content, 'invoice.pdf', 'application/pdf') } };
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const posts = () => api.requests.filter((request) => request.method === 'POST');

describe('Phaxio credential test', () => {
	const test = (data: IDataObject) =>
		testPhaxioCredential.call(
			// n8n's credential-test context: its one helper is the legacy request, mapped to fetch here.
			{
				helpers: {
					request: async ({ uri, auth }: { uri: string; auth: { user: string; pass: string } }) => {
						const response = await fetch(uri, { headers: { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.pass}`).toString('base64')}` } });
						if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { statusCode: response.status });
						return await response.json();
					},
				},
			} as never,
			{ id: '1', name: 'Phaxio', type: 'phaxioApi', data: { baseUrl: api.baseUrl, ...data } },
		);

	it('passes a trigger-only credential (webhook token, no key pair) without calling Phaxio', async () => {
		expect(await test({ webhookToken: WEBHOOK_TOKEN })).toMatchObject({ status: 'OK', message: expect.stringContaining('send a test fax') });
		expect(api.requests).toHaveLength(0);
	});

	it('checks a key pair with GET /account/status, and names what is wrong', async () => {
		expect(await test({ apiKey: API_KEY, apiSecret: API_SECRET })).toMatchObject({ status: 'OK', message: expect.stringContaining('also needs the Webhook Token') });
		expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v2.1/account/status']);
		expect(await test({ apiKey: API_KEY, apiSecret: 'wrong' })).toMatchObject({ status: 'Error', message: expect.stringContaining('refused the API Key') });
		expect(await test({ apiKey: API_KEY })).toMatchObject({ status: 'Error', message: expect.stringContaining('both the API Key and the API Secret') });
		expect(await test({})).toMatchObject({ status: 'Error', message: expect.stringContaining('Webhook Token (Phaxio Trigger)') });
	});
});

describe('Phaxio: send', () => {
	it('streams the document from the binary store as multipart to[] / file[], one item per number', async () => {
		const document = samplePdf('Invoice 42');
		const items = await run(
			{
				operation: 'send',
				to: '+1 (555) 123-4567, +15557654321,+442071234567',
				additionalFields: { from: '+15550001111', headerText: 'ACME Billing', callbackUrl: 'https://n8n.example.com/webhook/x/phaxio' },
			},
			[await pdfItem(document)],
		);

		const [send] = posts();
		const parts = await multipartParts(send);
		expect(parts.filter((part) => part.field === 'to[]').map((part) => part.value)).toEqual(['+15551234567', '+15557654321', '+442071234567']);
		expect(parts.find((part) => part.field === 'caller_id')?.value).toBe('+15550001111');
		expect(parts.find((part) => part.field === 'header_text')?.value).toBe('ACME Billing');
		expect(parts.find((part) => part.field === 'callback_url')?.value).toBe('https://n8n.example.com/webhook/x/phaxio');
		const file = parts.find((part) => part.field === 'file[]')!.file!;
		expect(file).toMatchObject({ fileName: 'invoice.pdf', contentType: 'application/pdf', sha256: sha256(document) });
		expect(api.refusals).toEqual([]);

		expect(items).toHaveLength(3);
		expect(items.map((item) => item.json.to)).toEqual(['+15551234567', '+15557654321', '+442071234567']);
		for (const item of items) {
			expect(item.json).toMatchObject({
				provider: 'phaxio',
				faxId: String([...api.faxes.keys()][0]),
				direction: 'outbound',
				status: 'queued',
				from: '+15550001111',
				isTest: true,
				document: null,
				error: null,
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('sends several binary fields as several files of one fax, in order, from the store or the item', async () => {
		const cover = samplePdf('Cover page');
		const invoice = samplePdf('Invoice 43');
		const item = await pdfItem(invoice);
		item.binary!.cover = { data: cover.toString('base64'), mimeType: 'application/pdf', fileName: 'cover.pdf' };
		await run({ operation: 'send', to: '+15551234567', binaryPropertyName: 'cover, data' }, [item]);

		const files = (await multipartParts(posts()[0])).filter((part) => part.file).map((part) => part.file!);
		expect(files.map((file) => [file.fileName, file.sha256])).toEqual([
			['cover.pdf', sha256(cover)],
			['invoice.pdf', sha256(invoice)],
		]);
	});

	it('sends a 20 MB document intact with the length it announced', async () => {
		const large = samplePdf('Large', 20 * 1024 * 1024);
		await run({ operation: 'send', to: '+15551234567' }, [await pdfItem(large)]);
		const file = (await multipartParts(posts()[0])).find((part) => part.file)!.file!;
		expect(file.content.length).toBe(large.length);
		expect(file.sha256).toBe(sha256(large));
	});

	it('waits for Retry-After and sends the whole document again after a 429', async () => {
		api.failures.push({ method: 'POST', path: /^\/faxes$/, status: 429, headers: { 'retry-after': '0' }, body: { success: false, message: 'Rate limit exceeded' } });
		const document = samplePdf('Retry me');
		const items = await run({ operation: 'send', to: '+15551234567' }, [await pdfItem(document)]);
		expect(api.requests.filter((request) => request.method === 'POST' && request.path === '/v2.1/faxes')).toHaveLength(2);
		const file = (await multipartParts(posts()[1])).find((part) => part.file)!.file!;
		expect(file.sha256).toBe(sha256(document));
		expect(items[0].json.status).toBe('queued');
	});

	it('gives up after three 503s with Phaxio\'s message', async () => {
		for (let attempt = 0; attempt < 3; attempt++) {
			api.failures.push({ method: 'POST', path: /^\/faxes$/, status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: 'Service temporarily unavailable' } });
		}
		await expect(run({ operation: 'send', to: '+15551234567' }, [await pdfItem()])).rejects.toThrow(
			'Sending the fax with Phaxio failed (HTTP 503): Service temporarily unavailable',
		);
		expect(posts()).toHaveLength(3);
	});

	it('keeps Phaxio\'s reason in the error but never a secret it echoes', async () => {
		api.failures.push({
			method: 'POST',
			path: /^\/faxes$/,
			status: 422,
			body: {
				success: false,
				message: `caller_id +15550001111 is not a number of account ${API_KEY}:${API_SECRET} (token ${WEBHOOK_TOKEN}, Authorization: Bearer eyJhbGciOi.abc.def, callback https://user:hunter2@example.com/cb)`,
			},
		});
		const error = await run({ operation: 'send', to: '+15551234567', additionalFields: { from: '+15550001111' } }, [await pdfItem()]).catch(
			(caught: Error & { description?: string }) => caught,
		);
		const text = `${(error as Error).message} ${(error as { description?: string }).description}`;
		expect(text).toContain('caller_id +15550001111 is not a number of account');
		expect(text).toContain('check the numbers, the document and the options');
		for (const secret of [API_KEY, API_SECRET, WEBHOOK_TOKEN, 'eyJhbGciOi.abc.def', 'hunter2']) expect(text).not.toContain(secret);
	});

	it('reports an accepted send even when reading the new fax back fails, so that nothing is sent twice', async () => {
		api.failures.push({ method: 'GET', path: /^\/faxes\/\d+$/, status: 500, body: { success: false, message: 'Internal error' } });
		const items = await run({ operation: 'send', to: '+15551234567, +15557654321', additionalFields: { from: '+15550001111' } }, [await pdfItem()]);
		expect(posts()).toHaveLength(1);
		expect(items.map((item) => [item.json.faxId, item.json.to, item.json.status, item.json.from])).toEqual([
			[String([...api.faxes.keys()][0]), '+15551234567', 'queued', '+15550001111'],
			[String([...api.faxes.keys()][0]), '+15557654321', 'queued', '+15550001111'],
		]);
	});

	it('reports a 2xx answer with success: false as a failure', async () => {
		api.failures.push({ method: 'POST', path: /^\/faxes$/, status: 200, body: { success: false, message: 'Insufficient credit' } });
		await expect(run({ operation: 'send', to: '+15551234567' }, [await pdfItem()])).rejects.toThrow(
			'Sending the fax with Phaxio failed: Insufficient credit',
		);
	});

	it.each([
		['no binary in the named field', { to: '+15551234567', binaryPropertyName: 'attachment' }, 'Input item 0 has no binary property "attachment"'],
		['a number with letters', { to: '+1555CALLNOW' }, '"+1555CALLNOW" in the "To" parameter is not a fax number'],
		['an empty To', { to: ' , ' }, 'The "To" parameter has no fax number'],
		['a number without country code', { to: '555-1234' }, '"555-1234" in the "To" parameter is not a fax number'],
		['a header over 50 characters', { to: '+15551234567', additionalFields: { headerText: 'x'.repeat(51) } }, '"Header Text" is 51 characters long'],
		['a callback that is not a URL', { to: '+15551234567', additionalFields: { callbackUrl: 'n8n/webhook' } }, '"Callback URL" is not an http(s) URL'],
	])('refuses %s before any call, naming the parameter', async (_case, parameters, message) => {
		await expect(run({ operation: 'send', ...parameters }, [await pdfItem()])).rejects.toThrow(message);
		expect(api.requests).toHaveLength(0);
	});

	it('refuses an empty document before any call', async () => {
		const item: INodeExecutionData = { json: {}, binary: { data: await store.put(Buffer.alloc(0), 'empty.pdf', 'application/pdf') } };
		await expect(run({ operation: 'send', to: '+15551234567' }, [item])).rejects.toThrow('The binary property "data" is empty');
		expect(api.requests).toHaveLength(0);
	});

	it('names the missing API key pair of a trigger-only credential before any call', async () => {
		const attempt = executeNode({
			node: new Phaxio(),
			parameters: { operation: 'send', to: '+15551234567' },
			items: [await pdfItem()],
			credentials: { phaxioApi: { apiKey: '', apiSecret: '', webhookToken: WEBHOOK_TOKEN, baseUrl: api.baseUrl } },
			binaryStore: store,
		});
		await expect(attempt).rejects.toThrow('The Phaxio credential has no API Key and API Secret');
		expect(api.requests).toHaveLength(0);
	});

	it('with Continue On Fail gives an error item for the failed input and sends the others', async () => {
		const items = await run(
			(itemIndex) => ({ operation: 'send', to: itemIndex === 1 ? 'call me' : '+15551234567' }),
			[await pdfItem(), await pdfItem(), await pdfItem()],
			true,
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toBe('"call me" in the "To" parameter is not a fax number');
		expect(items[0].json.faxId).toBeDefined();
		expect(items[2].json.faxId).toBeDefined();
		expect(posts()).toHaveLength(2);
	});

	it('sends Content URLs alone when no binary field is named', async () => {
		await run({ operation: 'send', to: '+15551234567', binaryPropertyName: '', additionalFields: { contentUrl: 'https://example.com/a.html, https://example.com/b.pdf' } });
		const parts = await multipartParts(posts()[0]);
		expect(parts.filter((part) => part.field === 'content_url[]').map((part) => part.value)).toEqual(['https://example.com/a.html', 'https://example.com/b.pdf']);
		expect(parts.some((part) => part.file)).toBe(false);
	});
});

describe('Phaxio: get, download, list', () => {
	it('gets a fax as the trigger\'s normalized item', async () => {
		const fax = api.addFax({
			direction: 'sent',
			status: 'failure',
			caller_id: '+15550001111',
			recipients: [{ phone_number: '+15551234567', status: 'failure', error_type: 'lineError', error_id: 117, error_message: 'Busy' }],
			completed_at: '2026-01-10T10:05:00Z',
			num_pages: 3,
			cost: 21,
		});
		const [item] = await run({ operation: 'get', faxId: String(fax.id) });
		expect(item.json).toMatchObject({
			provider: 'phaxio',
			event: 'fax.sent',
			providerEvent: 'api',
			faxId: String(fax.id),
			direction: 'outbound',
			status: 'failure',
			from: '+15550001111',
			to: '+15551234567',
			pages: 3,
			completedAt: '2026-01-10T10:05:00.000Z',
			cost: { amount: 0.21, currency: 'USD' },
			error: { type: 'lineError', code: '117', message: 'Busy' },
			document: null,
			raw: fax,
		});
	});

	it('downloads the document into the named binary field, checked and named by its bytes', async () => {
		const document = samplePdf('Received contract');
		const fax = api.addFax({ direction: 'received', from_number: '+15557654321', to_number: '+15551234567' });
		api.files.set(fax.id, [{ fileName: 'fax.pdf', contentType: 'application/pdf', content: document, sha256: sha256(document) }]);
		const [item] = await run({ operation: 'download', faxId: String(fax.id), binaryPropertyName: 'fax' });
		expect(await store.bytes(item.binary!.fax)).toEqual(document);
		expect(item.binary!.fax).toMatchObject({ fileName: `fax-${fax.id}.pdf`, mimeType: 'application/pdf' });
		expect(item.json).toMatchObject({
			direction: 'inbound',
			from: '+15557654321',
			document: { fileName: `fax-${fax.id}.pdf`, mimeType: 'application/pdf', size: document.length, sha256: sha256(document) },
		});
	});

	it('refuses a download that is not a PDF or TIFF', async () => {
		const fax = api.addFax({ direction: 'received' });
		const page = Buffer.from('<html>maintenance</html>');
		api.files.set(fax.id, [{ fileName: 'x', contentType: 'text/html', content: page, sha256: sha256(page) }]);
		await expect(run({ operation: 'download', faxId: String(fax.id) })).rejects.toThrow(`The document of fax ${fax.id} is not a PDF or TIFF`);
	});

	it('names a missing fax with Phaxio\'s words and the hint', async () => {
		await expect(run({ operation: 'get', faxId: '999999' })).rejects.toThrow('Reading the fax from Phaxio failed (HTTP 404): Fax not found');
	});

	it('walks every page with Return All, none skipped or repeated', async () => {
		for (let index = 0; index < 2345; index++) api.addFax({ direction: index % 2 ? 'sent' : 'received' });
		const items = await run({ operation: 'getMany', returnAll: true });
		expect(items).toHaveLength(2345);
		expect(new Set(items.map((item) => item.json.faxId)).size).toBe(2345);
		const pages = api.requests.filter((request) => request.method === 'GET').map((request) => [request.query.get('page'), request.query.get('per_page')]);
		expect(pages).toEqual([['1', '1000'], ['2', '1000'], ['3', '1000']]);
	});

	it('stops at the limit and maps the filters to Phaxio\'s', async () => {
		for (let index = 0; index < 30; index++) api.addFax({ direction: index % 3 ? 'sent' : 'received' });
		const items = await run({
			operation: 'getMany',
			limit: 4,
			filters: { direction: 'inbound', createdAfter: '2026-01-10T10:00:05Z', createdBefore: '2026-01-11T00:00:00.000Z' },
		});
		expect(items).toHaveLength(4);
		expect(items.every((item) => item.json.direction === 'inbound')).toBe(true);
		const [list] = api.requests;
		expect(Object.fromEntries(list.query)).toEqual({
			direction: 'received',
			created_after: '2026-01-10T10:00:05Z',
			created_before: '2026-01-11T00:00:00Z',
			per_page: '4',
			page: '1',
		});
	});
});

describe('Phaxio: cancel, resend, test receive', () => {
	it('cancels a queued fax and returns its new state', async () => {
		const fax = api.addFax({ direction: 'sent', recipients: [{ phone_number: '+15551234567', status: 'queued' }] });
		const [item] = await run({ operation: 'cancel', faxId: String(fax.id) });
		expect(item.json).toMatchObject({ faxId: String(fax.id), status: 'failure', error: { message: 'Fax was cancelled' } });
	});

	it('resends a fax as a new fax with a new id, with the callback URL', async () => {
		const fax = api.addFax({ direction: 'sent', status: 'failure', recipients: [{ phone_number: '+15551234567', status: 'failure' }] });
		const [item] = await run({ operation: 'resend', faxId: String(fax.id), additionalFields: { callbackUrl: 'https://n8n.example.com/cb' } });
		expect(item.json.faxId).not.toBe(String(fax.id));
		expect(item.json.status).toBe('queued');
		const resend = api.requests.find((request) => request.path.endsWith('/resend'))!;
		expect(JSON.parse(resend.body)).toEqual({ callback_url: 'https://n8n.example.com/cb' });
	});

	it('simulates a received fax with direction=received, to_number, from_number and one file', async () => {
		const document = samplePdf('Simulated');
		const [item] = await run({ operation: 'testReceive', to: '+15551234567', from: '+15557654321' }, [await pdfItem(document)]);
		const parts = await multipartParts(posts()[0]);
		expect(parts.filter((part) => part.value !== undefined).map((part) => [part.field, part.value])).toEqual([
			['direction', 'received'],
			['to_number', '+15551234567'],
			['from_number', '+15557654321'],
		]);
		expect(parts.find((part) => part.field === 'file')!.file!.sha256).toBe(sha256(document));
		expect(item.json).toMatchObject({ direction: 'inbound', from: '+15557654321', to: '+15551234567', status: 'success' });
		expect(api.refusals).toEqual([]);
	});

	it('refuses a test receive of a document that is not a PDF or TIFF', async () => {
		const item: INodeExecutionData = { json: {}, binary: { data: await store.put(Buffer.from('hello'), 'note.txt', 'text/plain') } };
		await expect(run({ operation: 'testReceive', to: '+15551234567' }, [item])).rejects.toThrow('The binary property "data" is not a PDF or TIFF');
		expect(api.requests).toHaveLength(0);
	});
});
