import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FaxPlus } from '../../nodes/FaxPlus/FaxPlus.node';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { BinaryStore, executeNode } from '../support/executeNode';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { multipartParts } from '../support/multipartParts';

const TOKEN = 'fxp-pat-8Hh3Qw';
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(200, 1)]);

let api: FakeFaxPlusApi;
let store: BinaryStore;

beforeEach(async () => {
	api = await new FakeFaxPlusApi(TOKEN).start();
	store = await new BinaryStore().open();
});
afterEach(async () => {
	await api.stop();
	await store.close();
});

async function run(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], credentials: Record<string, IDataObject> = { faxPlusApi: { accessToken: TOKEN, baseUrl: api.baseUrl } }) {
	const { output } = await executeNode({ node: new FaxPlus(), parameters, items, credentials, binaryStore: store });
	return output[0];
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** `YYYY-MM-DD HH:mm:ss`, seconds after a fixed start. */
const at = (seconds: number) => new Date(Date.parse('2026-01-10T10:00:00Z') + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');

describe('Fax.Plus: send', () => {
	it('uploads each document as fax_file, queues one outbox fax for all numbers, one item per number with its id', async () => {
		const pdf = samplePdf('Fax.Plus letter');
		const item: INodeExecutionData = {
			json: {},
			binary: {
				data: await store.put(pdf, 'letter.pdf', 'application/pdf'),
				scan: { data: TIFF.toString('base64'), mimeType: 'image/tiff', fileName: 'scan.tif' },
			},
		};
		const items = await run(
			{ operation: 'send', to: '+15551234567, +15557654321', binaryPropertyName: 'data, scan', additionalFields: { from: '+15550001111', comment: 'Invoice' } },
			[item],
		);

		const uploads = api.requests.filter((request) => request.path === '/v3/accounts/self/files');
		expect(uploads.map((request) => request.query.get('format'))).toEqual(['pdf', 'tiff']);
		expect((await multipartParts(uploads[0]))[0]).toMatchObject({ field: 'fax_file', file: { sha256: sha256(pdf) } });
		expect((await multipartParts(uploads[1]))[0].file!.sha256).toBe(sha256(TIFF));
		const outbox = JSON.parse(api.requests.find((request) => request.path === '/v3/accounts/self/outbox')!.body);
		expect(outbox).toEqual({ to: ['+15551234567', '+15557654321'], files: [...api.uploads.keys()], return_ids: true, from: '+15550001111', comment: { text: 'Invoice' } });
		expect(api.refusals).toEqual([]);

		expect(items.map((entry) => [entry.json.to, entry.json.faxId])).toEqual([...api.outbox.entries()].map(([id, fax]) => [fax.to, id]));
		expect(items[0].json).toMatchObject({ provider: 'faxplus', direction: 'outbound', status: 'queued', from: '+15550001111' });
	});

	it('refuses a document that is not a PDF or TIFF before any call', async () => {
		const item: INodeExecutionData = { json: {}, binary: { data: await store.put(Buffer.from('PK\u0003\u0004 docx'), 'letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') } };
		await expect(run({ operation: 'send', to: '+15551234567' }, [item])).rejects.toThrow('The binary property "data" is not a PDF or TIFF');
		expect(api.requests).toHaveLength(0);
	});

	it('explains a plan without API access with Fax.Plus\'s description and the hint', async () => {
		api.failures.push({ method: 'POST', path: /files$/, status: 403, body: { error: 'forbidden', description: `API access requires an Enterprise plan (token ${TOKEN})` } });
		const error = (await run({ operation: 'send', to: '+15551234567' }, [{ json: {}, binary: { data: await store.put(samplePdf(), 'a.pdf', 'application/pdf') } }]).catch(
			(caught: Error) => caught,
		)) as Error & { description?: string };
		expect(error.message).toBe('Uploading the document to Fax.Plus failed (HTTP 403): API access requires an Enterprise plan (token [redacted]); forbidden');
		expect(error.description).toContain('Enterprise plans');
	});

	it('sends the OAuth2 token with x-fax-clientid', async () => {
		await api.stop();
		api = await new FakeFaxPlusApi(TOKEN, 'client-7').start();
		api.faxes.set('f1', { id: 'f1', from: '+15557654321', to: '+15551234567', direction: 'incoming', status: 'received', start_time: at(0) });
		const [item] = await run({ authentication: 'oAuth2', operation: 'get', faxId: 'f1' }, [{ json: {} }], {
			faxPlusOAuth2Api: { clientId: 'client-7', baseUrl: api.baseUrl, oauthTokenData: { access_token: TOKEN } },
		});
		expect(item.json).toMatchObject({ faxId: 'f1', direction: 'inbound', status: 'success', from: '+15557654321' });
	});
});

describe('Fax.Plus: get, download, list, cancel', () => {
	it('downloads the record\'s file as PDF', async () => {
		const pdf = samplePdf('Inbound Fax.Plus');
		api.faxes.set('f2', { id: 'f2', from: '+15557654321', to: '+15551234567', direction: 'incoming', status: 'received', start_time: at(5), file: 'file-f2', pages: 1 });
		api.files.set('file-f2', pdf);
		const [item] = await run({ operation: 'download', faxId: 'f2' });
		expect(await store.bytes(item.binary!.data)).toEqual(pdf);
		expect(item.json).toMatchObject({ faxId: 'f2', pages: 1, createdAt: '2026-01-10T10:00:05.000Z', document: { fileName: 'fax-f2.pdf', sha256: sha256(pdf) } });
		expect(api.requests.at(-1)!.query.get('format')).toBe('pdf');
	});

	it.each([
		['exclusive', false],
		['inclusive', true],
	])('walks the whole time window with an %s "before", page boundaries inside equal timestamps', async (_case, inclusive) => {
		api.beforeIsInclusive = inclusive;
		// Seven faxes per second: pages of 100 end in the middle of a second.
		for (let index = 0; index < 250; index++) {
			api.faxes.set(`in-${index}`, { id: `in-${index}`, from: '+15557654321', to: '+15551234567', direction: 'incoming', status: 'received', start_time: at(Math.floor(index / 7)) });
		}
		const items = await run({ operation: 'getMany', returnAll: true, filters: { direction: 'inbound' } });
		const ids = items.map((item) => item.json.faxId);
		expect(ids).toHaveLength(250);
		expect(new Set(ids).size).toBe(250);
		const befores = api.requests.filter((request) => request.path === '/v3/accounts/self/faxes').map((request) => request.query.get('before'));
		expect(befores[0]).toBeNull();
		expect(befores.length).toBeLessThanOrEqual(5);
	});

	it('lists both directions newest first up to the limit, with the window in Fax.Plus\'s time format', async () => {
		for (let index = 0; index < 6; index++) {
			api.faxes.set(`f${index}`, { id: `f${index}`, from: '+15557654321', to: '+15551234567', direction: index % 2 ? 'outgoing' : 'incoming', status: 'sent', start_time: at(index * 60) });
		}
		const items = await run({ operation: 'getMany', limit: 3, filters: { createdAfter: '2026-01-10T10:01:00Z', createdBefore: '2026-01-10T11:00:00Z' } });
		expect(items.map((item) => [item.json.faxId, item.json.direction])).toEqual([
			['f5', 'outbound'],
			['f4', 'inbound'],
			['f3', 'outbound'],
		]);
		const [inbox, sent] = api.requests.filter((request) => request.path === '/v3/accounts/self/faxes');
		expect(Object.fromEntries(inbox.query)).toEqual({ category: 'inbox', limit: '3', after: '2026-01-10 10:01:00', before: '2026-01-10 11:00:00' });
		expect(sent.query.get('category')).toBe('sent');
	});

	it('cancels a fax in the outbox', async () => {
		const [sent] = await run({ operation: 'send', to: '+15551234567' }, [{ json: {}, binary: { data: await store.put(samplePdf(), 'a.pdf', 'application/pdf') } }]);
		const [item] = await run({ operation: 'cancel', faxId: String(sent.json.faxId) });
		expect(api.outbox.size).toBe(0);
		expect(item.json).toMatchObject({ faxId: sent.json.faxId, status: 'failure', error: { message: 'Cancelled in the outbox before sending' } });
	});
});
