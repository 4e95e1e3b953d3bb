import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SinchFaxApi } from '../../credentials/SinchFaxApi.credentials';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { SinchFax } from '../../nodes/SinchFax/SinchFax.node';
import { BinaryStore, executeNode } from '../support/executeNode';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { multipartParts } from '../support/multipartParts';
import { httpRequestWithAuthenticationFor } from '../support/n8nRequests';

const KEY_SECRET = 'sinch-key-secret-5Tg1';

let api: FakeSinchApi;
let store: BinaryStore;
let credentials: IDataObject;

beforeEach(async () => {
	api = await new FakeSinchApi('proj-1', 'key-id-1', KEY_SECRET).start();
	store = await new BinaryStore().open();
	credentials = { projectId: 'proj-1', keyId: 'key-id-1', keySecret: KEY_SECRET, baseUrl: api.baseUrl, authUrl: api.authUrl, accessToken: '' };
});
afterEach(async () => {
	await api.stop();
	await store.close();
});

async function run(
	parameters: IDataObject | ((itemIndex: number) => IDataObject),
	items: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
	n8nMajor: 1 | 2 = 2,
) {
	const result = await executeNode({
		node: new SinchFax(),
		parameters,
		items,
		credentials: { sinchFaxApi: credentials },
		binaryStore: store,
		continueOnFail,
		n8nMajor,
	});
	return result.output[0];
}

async function pdfItem(content = samplePdf('Sinch outbound')): Promise<INodeExecutionData> {
	return { json: {}, binary: { data: await store.put(content, 'letter.pdf', 'application/pdf') } };
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const sends = () => api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/faxes'));

describe('Sinch Fax: send', () => {
	it('sends one fax per number as multipart (repeated to, file part) with an OAuth2 token, one item each', async () => {
		const document = samplePdf('Letter');
		const items = await run(
			{ operation: 'send', to: '+19898989898, +1 555 123 4567, +442071234567', additionalFields: { headerText: 'ACME', callbackUrl: 'https://n8n.example.com/webhook/s/sinch', serviceId: 'svc-9' } },
			[await pdfItem(document)],
		);
		const [send] = sends();
		expect(send.headers.authorization).toBe(`Bearer ${api.issuedTokens[0]}`);
		const parts = await multipartParts(send);
		expect(parts.filter((part) => part.field === 'to').map((part) => part.value)).toEqual(['+19898989898', '+15551234567', '+442071234567']);
		expect(parts.find((part) => part.field === 'headerText')?.value).toBe('ACME');
		expect(parts.find((part) => part.field === 'callbackUrl')?.value).toBe('https://n8n.example.com/webhook/s/sinch');
		expect(parts.find((part) => part.field === 'serviceId')?.value).toBe('svc-9');
		expect(parts.find((part) => part.field === 'file')!.file!.sha256).toBe(sha256(document));
		expect(api.refusals).toEqual([]);

		expect(items.map((item) => item.json.to)).toEqual(['+19898989898', '+15551234567', '+442071234567']);
		expect(new Set(items.map((item) => item.json.faxId)).size).toBe(3);
		expect(items[0].json).toMatchObject({ provider: 'sinch', direction: 'outbound', status: 'queued', isTest: true, event: 'fax.sent' });
		// The token went into the credential, as n8n stores it.
		expect(credentials.accessToken).toBe(api.issuedTokens[0]);
	});

	it('after a 401 for an expired token gets a new one and sends the whole streamed document again', async () => {
		const document = samplePdf('After expiry', 2 * 1024 * 1024);
		await run({ operation: 'send', to: '+19898989898' }, [await pdfItem(document)]);
		api.expireTokens();
		const [item] = await run({ operation: 'send', to: '+19898989898' }, [await pdfItem(document)]);

		expect(api.issuedTokens).toHaveLength(2);
		const [, refused, resent] = sends();
		expect(refused.headers.authorization).toBe(`Bearer ${api.issuedTokens[0]}`);
		expect(resent.headers.authorization).toBe(`Bearer ${api.issuedTokens[1]}`);
		expect((await multipartParts(resent)).find((part) => part.file)!.file!.sha256).toBe(sha256(document));
		expect(item.json.faxId).toBeDefined();
	});

	it('on n8n 1.x, which re-sends the already read stream after renewing the token, fails that attempt at once and sends a fresh body', async () => {
		const document = samplePdf('After expiry on 1.x', 1024 * 1024);
		await run({ operation: 'send', to: '+19898989898' }, [await pdfItem(document)], false, 1);
		api.expireTokens();
		const started = Date.now();
		const [item] = await run({ operation: 'send', to: '+19898989898' }, [await pdfItem(document)], false, 1);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(api.issuedTokens).toHaveLength(2);
		const [, refused, resent] = sends();
		expect(sends()).toHaveLength(3);
		expect(refused.headers.authorization).toBe(`Bearer ${api.issuedTokens[0]}`);
		expect(resent.headers.authorization).toBe(`Bearer ${api.issuedTokens[1]}`);
		expect((await multipartParts(resent)).find((part) => part.file)!.file!.sha256).toBe(sha256(document));
		expect(item.json.faxId).toBeDefined();
	});

	it('keeps Sinch\'s field violations in the error, without the token or key it echoes', async () => {
		api.failures.push({
			method: 'POST',
			path: /^\/faxes$/,
			status: 400,
			body: {
				code: 400,
				message: `Invalid request for key-id-1:${KEY_SECRET}`,
				details: [{ fieldViolations: [{ field: 'from', description: 'Number is not in project proj-1 (Authorization: Bearer abc.def.ghi)' }] }],
			},
		});
		const error = (await run({ operation: 'send', to: '+19898989898', additionalFields: { from: '+15550001111' } }, [await pdfItem()]).catch(
			(caught: Error) => caught,
		)) as Error & { description?: string };
		expect(error.message).toContain('Sending the fax with Sinch failed (HTTP 400): Invalid request for key-id-1:[redacted]; from: Number is not in project proj-1');
		expect(error.description).toBe('Sinch refused the request: the message names the field to fix.');
		expect(error.message).not.toContain(KEY_SECRET);
		expect(error.message).not.toContain('abc.def.ghi');
	});

	it.each([
		['a number with letters', { to: '+1 FAX ME' }, 'in the "To" parameter is not a fax number'],
		['an empty To', { to: '' }, 'The "To" parameter has no fax number'],
		['no binary in the named field', { to: '+19898989898', binaryPropertyName: 'pdf' }, 'Input item 0 has no binary property "pdf"'],
	])('refuses %s before any call', async (_case, parameters, message) => {
		await expect(run({ operation: 'send', ...parameters }, [await pdfItem()])).rejects.toThrow(message);
		expect(api.requests).toHaveLength(0);
	});
});

describe('Sinch Fax: get, download, list, services', () => {
	it('gets a fax, retrying a 429 after Retry-After', async () => {
		const fax = api.addFax({ direction: 'INBOUND', from: '+15557654321', to: '+15551234567', numberOfPages: 2, price: { amount: '0.07', currencyCode: 'usd' } });
		api.failures.push({ method: 'GET', path: /^\/faxes\//, status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too many requests' } });
		const [item] = await run({ operation: 'get', faxId: String(fax.id) });
		expect(item.json).toMatchObject({
			provider: 'sinch',
			faxId: fax.id,
			direction: 'inbound',
			status: 'success',
			from: '+15557654321',
			pages: 2,
			cost: { amount: 0.07, currency: 'USD' },
			raw: fax,
		});
	});

	it('downloads the PDF into the binary field named by the parameter', async () => {
		const document = samplePdf('Inbound Sinch');
		const fax = api.addFax({ direction: 'INBOUND' });
		api.documents.set(String(fax.id), document);
		const [item] = await run({ operation: 'download', faxId: String(fax.id) });
		expect(await store.bytes(item.binary!.data)).toEqual(document);
		expect(item.json.document).toMatchObject({ fileName: `fax-${fax.id}.pdf`, sha256: sha256(document) });
		const download = api.requests.find((request) => request.path.endsWith('/file'))!;
		expect(download.headers.accept).toBe('application/pdf');
	});

	it('follows nextPageToken to the end with Return All, none skipped or repeated', async () => {
		api.maxPageSize = 100;
		for (let index = 0; index < 250; index++) api.addFax({ direction: 'OUTBOUND', to: '+15551234567' });
		const items = await run({ operation: 'getMany', returnAll: true });
		expect(new Set(items.map((item) => item.json.faxId)).size).toBe(250);
		expect(items).toHaveLength(250);
		const lists = api.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/faxes'));
		expect(lists.map((request) => request.query.get('pageToken'))).toEqual([null, '100', '200']);
	});

	it('asks for the limit only, with the filters in Sinch\'s spelling', async () => {
		for (let index = 0; index < 20; index++) api.addFax({ direction: index % 2 ? 'OUTBOUND' : 'INBOUND' });
		const items = await run({
			operation: 'getMany',
			limit: 3,
			filters: { direction: 'outbound', createdAfter: '2026-01-10T10:00:00Z', createdBefore: '2026-01-10T11:00:00Z', status: 'QUEUED' },
		});
		expect(items).toHaveLength(3);
		const [list] = api.requests.filter((request) => request.path.endsWith('/faxes'));
		expect(Object.fromEntries(list.query)).toEqual({
			pageSize: '3',
			'createTime>': '2026-01-10T10:00:00Z',
			'createTime<': '2026-01-10T11:00:00Z',
			direction: 'OUTBOUND',
			status: 'QUEUED',
		});
	});

	it('lists the fax services with their IDs and no webhook credentials', async () => {
		api.services.set('svc-1', { id: 'svc-1', name: 'Main line', incomingWebhookUrl: 'https://hook:pw@n8n.example.com/webhook/x/sinch', webhookContentType: 'application/json' });
		const items = await run({ resource: 'service', operation: 'getMany' });
		expect(items.map((item) => item.json)).toEqual([
			{ id: 'svc-1', name: 'Main line', incomingWebhookUrl: 'https://n8n.example.com/webhook/x/sinch', webhookContentType: 'application/json' },
		]);
	});
});

describe('Sinch Fax credential', () => {
	it('is tested the way the node authenticates: a token from preAuthentication, sent as Bearer', async () => {
		const type = new SinchFaxApi();
		const log = { preAuthentications: {} };
		const request = httpRequestWithAuthenticationFor(
			{ credentials: { sinchFaxApi: credentials }, credentialTypes: { sinchFaxApi: type } },
			() => ({ id: '1', name: 'test', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} }),
			log,
		);
		// n8n resolves the test request's expressions; the same URL here.
		await request('sinchFaxApi', { method: 'GET', url: `${api.baseUrl}/projects/proj-1/services`, json: true });
		expect(log.preAuthentications).toEqual({ sinchFaxApi: 1 });
		expect(api.requests.at(-1)!.headers.authorization).toBe(`Bearer ${api.issuedTokens[0]}`);
	});

	it('reports a wrong key secret from the token endpoint', async () => {
		credentials.keySecret = 'wrong';
		await expect(run({ operation: 'get', faxId: 'x' })).rejects.toThrow('Reading the fax from Sinch failed (HTTP 401)');
		expect(api.issuedTokens).toHaveLength(0);
	});
});
