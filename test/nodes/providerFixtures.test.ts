import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import path from 'path';

import { FaxPlusApi } from '../../credentials/FaxPlusApi.credentials';
import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
import { multipartBody, type MultipartField, type MultipartFile } from '../../nodes/FaxSimulator/multipartBody';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { computePhaxioSignature, verifyPhaxioSignature } from '../../nodes/Phaxio/phaxioSignature';
import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

/**
 * Each fixture under test/fixtures is a payload as a provider's own document (or official SDK)
 * prints it. Here it is delivered the way that provider delivers it, over real HTTP, and the
 * item is checked field by field against values read off the document by hand.
 */

interface Fixture<T = Record<string, unknown>> {
	source: string;
	delivery?: { contentType: string; jsonFields?: string[]; fileParts?: Record<string, string> };
	payload: T;
}

const FIXTURES = path.resolve(__dirname, '../fixtures');
const fixture = <T = Record<string, unknown>>(name: string): Fixture<T> =>
	JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Fixture<T>;

const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A fixture's form fields and file parts, in the document's order; file parts carry `pdf`. */
function formParts(fx: Fixture, pdf: Buffer): { fields: MultipartField[]; files: MultipartFile[] } {
	const fileParts = fx.delivery?.fileParts ?? {};
	const jsonFields = fx.delivery?.jsonFields ?? [];
	const fields: MultipartField[] = [];
	const files: MultipartFile[] = [];
	for (const [name, value] of Object.entries(fx.payload)) {
		if (name in fileParts) continue;
		fields.push({ name, value: jsonFields.includes(name) ? JSON.stringify(value) : String(value) });
	}
	for (const [name, contentType] of Object.entries(fileParts)) {
		files.push({ name, fileName: 'fax.pdf', contentType, content: pdf });
	}
	return { fields, files };
}

const documentOf = (pdf: Buffer, faxId: string) => ({
	fileName: `fax-${faxId}.pdf`,
	mimeType: 'application/pdf',
	size: pdf.length,
	sha256: sha256(pdf),
});

describe('Phaxio\'s published signature vectors', () => {
	const { payload: vectors } = fixture<
		Array<{
			spec: string;
			token: string;
			url: string;
			params: Record<string, unknown>;
			files: Array<{ name: string; writtenContent: string; hashedContent: string }>;
			signature: string;
			valid?: boolean;
		}>
	>('phaxio/signature-vectors.json');
	const fieldsOf = (params: Record<string, unknown>) =>
		Object.entries(params).map(([name, value]) => ({ name, value: String(value) }));

	it.each(vectors.filter((vector) => vector.valid !== false).map((vector) => [vector.spec, vector] as const))(
		'computes and verifies %s',
		(_spec, vector) => {
			const fields = fieldsOf(vector.params);
			const files = vector.files.map((file) => ({ fieldName: file.name, sha1: sha1(Buffer.from(file.hashedContent)) }));
			expect(computePhaxioSignature(vector.token, vector.url, fields, files)).toBe(vector.signature);
			expect(verifyPhaxioSignature({ webhookToken: vector.token, signature: vector.signature, urls: [vector.url], fields, files })).toBe(true);
			expect(verifyPhaxioSignature({ webhookToken: `${vector.token}x`, signature: vector.signature, urls: [vector.url], fields, files })).toBe(false);
			expect(verifyPhaxioSignature({ webhookToken: vector.token, signature: vector.signature, urls: [`${vector.url}/`], fields, files })).toBe(false);
		},
	);

	it('signs the bytes read, not the bytes the spec wrote: "foo" and "bar" do not give the published signature', () => {
		const vector = vectors.find((candidate) => candidate.files.length > 0)!;
		const written = vector.files.map((file) => ({ fieldName: file.name, sha1: sha1(Buffer.from(file.writtenContent)) }));
		expect(computePhaxioSignature(vector.token, vector.url, fieldsOf(vector.params), written)).not.toBe(vector.signature);
	});

	it.each(vectors.filter((vector) => vector.valid === false).map((vector) => [vector.spec, vector] as const))(
		'refuses %s',
		(_spec, vector) => {
			expect(
				verifyPhaxioSignature({ webhookToken: vector.token, signature: vector.signature, urls: [vector.url], fields: fieldsOf(vector.params), files: [] }),
			).toBe(false);
		},
	);
});

describe.each([
	['an unread request stream', false],
	['the body n8n pre-parsed', true],
])('Phaxio Trigger given Phaxio\'s documented webhooks (%s)', (_shape, preParse) => {
	const TOKEN = 'fixture-webhook-token';
	let server: TriggerServer;
	beforeEach(async () => {
		server = await startTriggerServer({
			node: new PhaxioTrigger(),
			webhookPath: 'phaxio',
			parameters: { events: ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'], settings: {} },
			credentials: { phaxioApi: { apiKey: 'key', apiSecret: 'secret', webhookToken: TOKEN } },
			preParse,
		});
	});
	afterEach(async () => await server.close());

	/** Signed as Phaxio signs: the URL it was given, the fields sorted by name, each file's SHA-1. */
	async function deliver(name: string, pdf: Buffer) {
		const { fields, files } = formParts(fixture(name), pdf);
		const signature = computePhaxioSignature(
			TOKEN,
			server.productionUrl,
			fields,
			files.map((file) => ({ fieldName: file.name, sha1: sha1(file.content) })),
		);
		const encoded = multipartBody(fields, files);
		const response = await post(server.productionUrl, encoded.body, {
			'content-type': encoded.contentType,
			'x-phaxio-signature': signature,
		});
		expect(server.preParsedFiles.filter((file) => existsSync(file))).toEqual([]);
		return response;
	}

	it('received.json: a received fax with its PDF', async () => {
		const pdf = samplePdf('Phaxio received fixture');
		const response = await deliver('phaxio/received.json', pdf);
		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toEqual({
			provider: 'phaxio',
			event: 'fax.received',
			providerEvent: 'fax_completed',
			faxId: '55405223',
			direction: 'inbound',
			status: 'success',
			from: '+18084684020',
			to: '+15558675309',
			pages: 1,
			isTest: false,
			// 14:41:43 and 14:41:39 at -05:00; the document's completion before creation is kept.
			createdAt: '2017-10-27T19:41:43.000Z',
			completedAt: '2017-10-27T19:41:39.000Z',
			cost: { amount: 0.07, currency: 'USD' },
			error: null,
			document: documentOf(pdf, '55405223'),
			documentError: null,
			raw: { fax: fixture('phaxio/received.json').payload.fax },
		});
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('received-failure.json: a failed reception carries the line error', async () => {
		const response = await deliver('phaxio/received-failure.json', samplePdf());
		expect(response.status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			event: 'fax.received',
			faxId: '55215476',
			direction: 'inbound',
			status: 'failure',
			from: '+15042737598',
			to: '+15558675309',
			pages: 0,
			createdAt: '2017-10-25T16:56:45.000Z',
			completedAt: '2017-10-25T16:56:44.000Z',
			cost: { amount: 0, currency: 'USD' },
			error: { type: 'lineError', code: '11', message: 'The call dropped prematurely' },
			document: null,
		});
		expect(server.runs[0].items[0].binary).toBeUndefined();
	});

	it('fax_completed-sent-success.json: a sent fax goes to its recipient, with no caller id', async () => {
		expect((await deliver('phaxio/fax_completed-sent-success.json', samplePdf())).status).toBe(200);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			event: 'fax.sent',
			providerEvent: 'fax_completed',
			faxId: '55315341',
			direction: 'outbound',
			status: 'success',
			from: '',
			to: '+12258675309',
			pages: 1,
			isTest: true,
			createdAt: '2017-10-26T18:09:42.000Z',
			completedAt: '2017-10-26T18:09:45.000Z',
			cost: { amount: 0.07, currency: 'USD' },
			error: null,
			document: null,
			documentError: null,
		});
		expect(item.binary).toBeUndefined();
	});

	it('fax_completed-sent-failure.json: a canceled fax is a failure with its error', async () => {
		expect((await deliver('phaxio/fax_completed-sent-failure.json', samplePdf())).status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			event: 'fax.sent',
			faxId: '55405187',
			direction: 'outbound',
			status: 'failure',
			to: '+15558675309',
			pages: 1,
			createdAt: '2017-10-27T19:41:11.000Z',
			completedAt: '2017-10-27T19:41:31.000Z',
			cost: { amount: 0, currency: 'USD' },
			error: { type: 'faxError', code: '75', message: 'Manually canceled by user' },
		});
	});

	it.each([
		['transmitting_page.json', 'fax.page_sent', 'transmitting_page', 1],
		['retry_scheduled.json', 'fax.retry_scheduled', 'retry_scheduled', 0],
	] as const)('%s: an inflight event of a queued fax', async (name, event, providerEvent, pages) => {
		expect((await deliver(`phaxio/${name}`, samplePdf())).status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			event,
			providerEvent,
			faxId: '323034813',
			direction: 'outbound',
			status: 'queued',
			from: '',
			to: '+15558675309',
			pages,
			isTest: true,
			createdAt: '2021-11-04T21:28:30.000Z',
			completedAt: null,
			cost: { amount: 0, currency: 'USD' },
			error: null,
			document: null,
		});
	});

	it('takes a repeated delivery of a documented webhook as a duplicate', async () => {
		const pdf = samplePdf();
		expect((await deliver('phaxio/received.json', pdf)).status).toBe(200);
		const again = await deliver('phaxio/received.json', pdf);
		expect(again.status).toBe(200);
		expect(again.text).toContain('duplicate');
		expect(server.runs).toHaveLength(1);
	});
});

describe('Fax.Plus Trigger given Fax.Plus\'s documented webhooks', () => {
	const TOKEN = 'fixture-faxplus-token';
	let api: FakeFaxPlusApi;
	let server: TriggerServer;
	beforeEach(async () => {
		api = await new FakeFaxPlusApi(TOKEN).start();
		server = await startTriggerServer({
			node: new FaxPlusTrigger(),
			webhookPath: 'faxplus',
			parameters: {
				authentication: 'accessToken',
				events: ['fax.received', 'fax.sent', 'fax.page_received'],
				settings: { allowedIps: '127.0.0.1' },
			},
			credentials: { faxPlusApi: { accessToken: TOKEN, baseUrl: api.baseUrl } },
			credentialTypes: { faxPlusApi: new FaxPlusApi() },
		});
	});
	afterEach(async () => {
		await server.close();
		await api.stop();
	});

	type FaxPlusPayload = { hook: Record<string, unknown>; data: Record<string, unknown> };
	/** Fax.Plus posts the JSON to the target it was given: here, this trigger's URL. */
	const targeted = (payload: FaxPlusPayload, target: string): FaxPlusPayload => ({ ...payload, hook: { ...payload.hook, target } });
	const deliver = async (payload: object) =>
		await post(server.productionUrl, JSON.stringify(payload), { 'content-type': 'application/json' });

	it.each([
		['fax_sent.json', 'fax.sent', 'outbound'],
		['fax_received.json', 'fax.received', 'inbound'],
	] as const)('%s: the documented payload, document downloaded by data.id', async (name, event, direction) => {
		const pdf = samplePdf(`Fax.Plus ${name}`);
		api.files.set('66df09cf1d6d0b295c363956', pdf);
		const { payload } = fixture<FaxPlusPayload>(`faxplus/${name}`);
		const response = await deliver(targeted(payload, server.productionUrl));
		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toEqual({
			provider: 'faxplus',
			event,
			providerEvent: payload.hook.event,
			faxId: '66df09cf1d6d0b295c363956',
			direction,
			status: 'success',
			// Masked in the document: not a recognisable number, so kept as sent.
			from: '+1 334-304-xxxx',
			to: '+1 334-304-xxxx',
			pages: 1,
			isTest: false,
			createdAt: '2024-09-09T10:44:39.000Z',
			completedAt: '2024-09-09T10:44:39.000Z',
			// "cost: Fax cost (in pages)": a page count, not money.
			cost: null,
			error: null,
			document: documentOf(pdf, '66df09cf1d6d0b295c363956'),
			documentError: null,
			raw: targeted(payload, server.productionUrl),
		});
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('fax_sent.json as printed (hook.target "https://webhook.com") is refused as meant for another webhook', async () => {
		const response = await deliver(fixture('faxplus/fax_sent.json').payload);
		expect(response.status).toBe(403);
		expect(server.runs).toHaveLength(0);
		expect(api.requests).toHaveLength(0);
	});

	it('fax-status-values.json: every documented status maps to success, partial success or failure', async () => {
		const { payload: statuses } = fixture<string[]>('faxplus/fax-status-values.json');
		const { payload } = fixture<FaxPlusPayload>('faxplus/fax_sent.json');
		const expected = (status: string) =>
			status === 'success' ? 'success' : status.startsWith('partially_') ? 'partial_success' : 'failure';
		const seen: Record<string, unknown> = {};
		for (const [index, status] of statuses.entries()) {
			const body = targeted({ ...payload, data: { ...payload.data, id: `status-${index}`, status } }, server.productionUrl);
			api.files.set(`status-${index}`, samplePdf());
			expect((await deliver(body)).status).toBe(200);
			seen[status] = server.runs.at(-1)?.items[0].json.status;
		}
		expect(seen).toEqual(Object.fromEntries(statuses.map((status) => [status, expected(status)])));
	});
});

describe('Sinch Fax Trigger given Sinch\'s documented webhooks', () => {
	const USER = 'fixture-user';
	const PASSWORD = 'fixture-password-71';
	const AUTHORIZATION = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
	let server: TriggerServer;
	beforeEach(async () => {
		server = await startTriggerServer({
			node: new SinchFaxTrigger(),
			webhookPath: 'sinch',
			parameters: { serviceId: 'svc-1', events: ['fax.received', 'fax.sent'], contentType: 'application/json', settings: {} },
			credentials: {
				sinchFaxApi: {
					projectId: 'proj-1',
					keyId: 'key',
					keySecret: 'secret',
					webhookUsername: USER,
					webhookPassword: PASSWORD,
					baseUrl: 'http://127.0.0.1:9',
					authUrl: 'http://127.0.0.1:9/oauth2/token',
				},
			},
		});
	});
	afterEach(async () => await server.close());

	type SinchPayload = Record<string, unknown> & { fax: Record<string, unknown> };
	const deliverMultipart = async (name: string, pdf: Buffer) => {
		const { fields, files } = formParts(fixture(name), pdf);
		const encoded = multipartBody(fields, files);
		return await post(server.productionUrl, encoded.body, { 'content-type': encoded.contentType, authorization: AUTHORIZATION });
	};
	const deliverJson = async (payload: object) =>
		await post(server.productionUrl, JSON.stringify(payload), { 'content-type': 'application/json', authorization: AUTHORIZATION });
	/** The document's placeholders ('{base64_encodedData}') stand for the base64 of the PDF. */
	const withBase64 = (payload: SinchPayload, pdf: Buffer): SinchPayload => {
		const base64 = pdf.toString('base64');
		if (Array.isArray(payload.files)) {
			return { ...payload, files: (payload.files as object[]).map((file) => ({ ...file, file: base64 })) };
		}
		return { ...payload, file: base64 };
	};

	const incoming = {
		provider: 'sinch',
		event: 'fax.received',
		providerEvent: 'INCOMING_FAX',
		faxId: '01HDFHACK1YN7CCDYRA6ZRMA8Z',
		direction: 'inbound',
		status: 'success',
		from: '+14155552222',
		to: '+14155553333',
		pages: 1,
		isTest: false,
		createdAt: '2021-11-01T23:25:57.000Z',
		completedAt: '2021-11-01T23:25:57.000Z',
		cost: { amount: 0, currency: 'USD' },
		error: null,
		documentError: null,
	};
	// FAX_COMPLETED goes to the callbackUrl of a fax the user sent: a sent fax, whatever the
	// document's example says in fax.direction (INBOUND).
	const completed = { ...incoming, event: 'fax.sent', providerEvent: 'FAX_COMPLETED', direction: 'outbound', cost: { amount: 0.07, currency: 'USD' } };

	it('incoming_fax.multipart.json: fields event, eventTime, fax (JSON) and the PDF part "file"', async () => {
		const pdf = samplePdf('Sinch incoming multipart');
		const response = await deliverMultipart('sinch/incoming_fax.multipart.json', pdf);
		expect(response.status).toBe(200);
		const [item] = server.runs[0].items;
		const { file: _file, ...fields } = fixture('sinch/incoming_fax.multipart.json').payload;
		expect(item.json).toEqual({ ...incoming, document: documentOf(pdf, incoming.faxId), raw: fields });
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('incoming_fax.json.json: JSON with the base64 PDF in "file"', async () => {
		const pdf = samplePdf('Sinch incoming JSON');
		const { payload } = fixture<SinchPayload>('sinch/incoming_fax.json.json');
		expect((await deliverJson(withBase64(payload, pdf))).status).toBe(200);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({ ...incoming, document: documentOf(pdf, incoming.faxId) });
		expect(binaryBytes(item).equals(pdf)).toBe(true);
		expect(JSON.stringify(item.json.raw)).not.toContain(pdf.toString('base64').slice(0, 40));
	});

	it('fax_completed.multipart.json: a completed sent fax with its PDF part', async () => {
		const pdf = samplePdf('Sinch completed multipart');
		expect((await deliverMultipart('sinch/fax_completed.multipart.json', pdf)).status).toBe(200);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({ ...completed, document: documentOf(pdf, completed.faxId) });
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('fax_completed.json.json: JSON with a "files" array', async () => {
		const pdf = samplePdf('Sinch completed JSON');
		const { payload } = fixture<SinchPayload>('sinch/fax_completed.json.json');
		expect((await deliverJson(withBase64(payload, pdf))).status).toBe(200);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({ ...completed, document: documentOf(pdf, completed.faxId) });
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it.each(['sinch/incoming_fax.json.json', 'sinch/fax_completed.json.json'])(
		'%s with its literal placeholder instead of base64 is refused with 400',
		async (name) => {
			const response = await deliverJson(fixture(name).payload);
			expect(response.status).toBe(400);
			expect(server.runs).toHaveLength(0);
		},
	);

	it.each(['sdk-dotnet.incoming_fax.json', 'sdk-dotnet.fax_completed.json'])('%s: the SDK\'s document is base64 of text, not a PDF: 400, no run', async (name) => {
		const response = await deliverJson(fixture(`sinch/${name}`).payload);
		expect(response.status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});

	it.each([
		['sdk-dotnet.incoming_fax.json', incoming],
		['sdk-dotnet.fax_completed.json', completed],
	] as const)('%s with a real PDF: price.amount as a number', async (name, expected) => {
		const pdf = samplePdf(name);
		const { payload } = fixture<SinchPayload>(`sinch/${name}`);
		expect((await deliverJson(withBase64(payload, pdf))).status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			...expected,
			cost: { amount: 0.07, currency: 'USD' },
			createdAt: '2021-11-01T23:25:39.000Z',
			completedAt: '2021-11-01T23:25:39.000Z',
			document: documentOf(pdf, expected.faxId),
		});
	});
});
