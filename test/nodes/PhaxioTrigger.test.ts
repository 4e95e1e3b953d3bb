import { createHash } from 'crypto';
import { existsSync } from 'fs';

import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { phaxioWebhook, phaxioWebhookFields } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { computePhaxioSignature } from '../../nodes/Phaxio/phaxioSignature';
import { REUSE_MS } from '../../nodes/FaxCore/webhookCredentials';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

const WEBHOOK_TOKEN = 'phaxio-webhook-token-5f2e';
const ALL_EVENTS = ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'];

async function phaxioServer(
	options: { events?: string[]; settings?: object; preParse?: boolean; webhookToken?: string } = {},
): Promise<TriggerServer> {
	return await startTriggerServer({
		node: new PhaxioTrigger(),
		webhookPath: 'phaxio',
		parameters: { events: options.events ?? ['fax.received'], settings: options.settings ?? {} },
		credentials: {
			phaxioApi: { apiKey: 'key', apiSecret: 'secret', webhookToken: options.webhookToken ?? WEBHOOK_TOKEN },
		},
		preParse: options.preParse,
	});
}

describe.each([
	['an unread request stream', false],
	['the body n8n pre-parsed with formidable', true],
])('Phaxio Trigger given %s', (_shape, preParse) => {
	let server: TriggerServer;
	beforeEach(async () => (server = await phaxioServer({ preParse, events: ALL_EVENTS })));
	afterEach(async () => await server.close());

	it('turns a genuine received fax into one item with the PDF as binary "data"', async () => {
		const pdf = samplePdf('Genuine received fax');
		const request = phaxioWebhook({
			url: server.productionUrl,
			webhookToken: WEBHOOK_TOKEN,
			event: 'fax.received',
			faxId: 123456,
			document: pdf,
			from: '+1 (555) 123-0001',
			to: '15559870002',
		});
		const response = await post(server.productionUrl, request.body, request.headers);

		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			provider: 'phaxio',
			event: 'fax.received',
			providerEvent: 'fax_completed',
			faxId: '123456',
			direction: 'inbound',
			status: 'success',
			from: '+15551230001',
			to: '+15559870002',
			pages: 1,
			isTest: true,
			cost: { amount: 0.07, currency: 'USD' },
			error: null,
			document: {
				fileName: 'fax-123456.pdf',
				mimeType: 'application/pdf',
				size: pdf.length,
				sha256: createHash('sha256').update(pdf).digest('hex'),
			},
		});
		expect(item.json.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect((item.json.raw as { fax: { id: number } }).fax.id).toBe(123456);
		expect(binaryBytes(item).equals(pdf)).toBe(true);
		expect(item.binary?.data.mimeType).toBe('application/pdf');
		if (preParse) expect(server.preParsedFiles.filter((file) => existsSync(file))).toEqual([]);
	});

	it.each([
		['a forged signature', (r: ReturnType<typeof phaxioWebhook>) => ({ ...r.headers, 'x-phaxio-signature': 'f'.repeat(40) })],
		['no signature', (r: ReturnType<typeof phaxioWebhook>) => ({ 'content-type': r.headers['content-type'] })],
	])('answers 401 and starts nothing for %s', async (_case, headers) => {
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		const response = await post(server.productionUrl, request.body, headers(request));
		expect(response.status).toBe(401);
		expect(response.text).not.toContain(WEBHOOK_TOKEN);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 401 for a request signed with another token', async () => {
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: 'someone-elses-token', event: 'fax.received' });
		expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 401 for a request signed for another URL', async () => {
		const request = phaxioWebhook({
			url: server.productionUrl.replace('/phaxio', '/other'),
			webhookToken: WEBHOOK_TOKEN,
			event: 'fax.received',
		});
		expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 401 when a signed field was changed on the way', async () => {
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received', faxId: 555 });
		const tampered = Buffer.from(request.body.toString('latin1').replace('"id":555', '"id":556'), 'latin1');
		expect(tampered.equals(request.body)).toBe(false);
		expect((await post(server.productionUrl, tampered, request.headers)).status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 401 when the PDF was changed on the way', async () => {
		const request = phaxioWebhook({
			url: server.productionUrl,
			webhookToken: WEBHOOK_TOKEN,
			event: 'fax.received',
			document: samplePdf('Pay 100 USD'),
		});
		const tampered = Buffer.from(request.body.toString('latin1').replace('Pay 100 USD', 'Pay 900 USD'), 'latin1');
		expect(tampered.equals(request.body)).toBe(false);
		expect((await post(server.productionUrl, tampered, request.headers)).status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it.each([
		['fax.sent', 'fax_completed', 'success', 1],
		['fax.page_sent', 'transmitting_page', 'in_progress', 3],
		['fax.retry_scheduled', 'retry_scheduled', 'in_progress', 1],
	] as const)('maps a sent-fax %s event (%s)', async (event, providerEvent, status, pages) => {
		const request = phaxioWebhook({
			url: server.productionUrl,
			webhookToken: WEBHOOK_TOKEN,
			event,
			faxId: 777,
			page: 3,
			retryCount: 2,
			from: '+15550000001',
			to: '+15550000002',
		});
		const response = await post(server.productionUrl, request.body, request.headers);
		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			event,
			providerEvent,
			faxId: '777',
			direction: 'outbound',
			status,
			from: '+15550000001',
			to: '+15550000002',
			pages,
			document: null,
		});
		expect(item.binary).toBeUndefined();
	});
});

describe('Phaxio Trigger', () => {
	let server: TriggerServer;
	afterEach(async () => await server.close());

	it('verifies a delivery to the test URL against the test URL', async () => {
		server = await phaxioServer();
		const request = phaxioWebhook({ url: server.testUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(server.testUrl, request.body, request.headers)).status).toBe(200);
		expect(server.runs).toHaveLength(1);

		const signedForProduction = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(server.testUrl, signedForProduction.body, signedForProduction.headers)).status).toBe(401);
	});

	it('verifies against the Public URL option when Phaxio was given another URL', async () => {
		const publicUrl = 'https://fax.example.com/hooks/phaxio?account=7';
		server = await phaxioServer({ settings: { publicUrl } });
		const request = phaxioWebhook({ url: publicUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(200);
		const signedForN8nUrl = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(server.productionUrl, signedForN8nUrl.body, signedForN8nUrl.headers)).status).toBe(401);
		expect(server.runs).toHaveLength(1);
	});

	it('verifies the query string Phaxio was given with the production URL', async () => {
		server = await phaxioServer();
		const url = `${server.productionUrl}?line=sales`;
		const request = phaxioWebhook({ url, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(url, request.body, request.headers)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('answers 401 to every request while the credential has no webhook token', async () => {
		server = await phaxioServer({ webhookToken: '' });
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: '', event: 'fax.received' });
		const response = await post(server.productionUrl, request.body, request.headers);
		expect(response.status).toBe(401);
		expect(response.text).toContain('Webhook Token');
		expect(server.runs).toHaveLength(0);
	});

	describe('reading its credential', () => {
		const credentials = { phaxioApi: { apiKey: 'key', apiSecret: 'secret', webhookToken: WEBHOOK_TOKEN } };
		const send = async (webhookToken: string, faxId: number) => {
			const request = phaxioWebhook({ url: server.productionUrl, webhookToken, event: 'fax.received', faxId });
			return (await post(server.productionUrl, request.body, request.headers)).status;
		};
		beforeEach(async () => {
			credentials.phaxioApi.webhookToken = WEBHOOK_TOKEN;
			server = await startTriggerServer({
				node: new PhaxioTrigger(),
				webhookPath: 'phaxio',
				parameters: { events: ['fax.received'], settings: {} },
				credentials,
			});
		});
		afterEach(() => jest.restoreAllMocks());

		it('reads the credential once for a burst of deliveries', async () => {
			expect(await send(WEBHOOK_TOKEN, 1)).toBe(200);
			expect(await Promise.all([2, 3, 4].map(async (faxId) => await send(WEBHOOK_TOKEN, faxId)))).toEqual([200, 200, 200]);
			expect(server.runs).toHaveLength(4);
			expect(server.credentialReads).toBe(1);
		});

		it('applies a changed webhook token to the first request signed with it', async () => {
			expect(await send(WEBHOOK_TOKEN, 1)).toBe(200);
			credentials.phaxioApi.webhookToken = 'rotated-webhook-token';
			expect(await send('rotated-webhook-token', 2)).toBe(200);
			expect(await send(WEBHOOK_TOKEN, 3)).toBe(401);
			expect(server.runs).toHaveLength(2);
		});

		it(`stops accepting a replaced token ${REUSE_MS / 1000} s after the change at most`, async () => {
			expect(await send(WEBHOOK_TOKEN, 1)).toBe(200);
			credentials.phaxioApi.webhookToken = 'rotated-webhook-token';
			const changedAt = Date.now();
			jest.spyOn(Date, 'now').mockReturnValue(changedAt + REUSE_MS + 1);
			expect(await send(WEBHOOK_TOKEN, 2)).toBe(401);
			expect(server.runs).toHaveLength(1);
		});
	});

	it('logs, at debug level, how long each step of a delivery took', async () => {
		server = await phaxioServer();
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(200);
		const started = server.logs.find((entry) => entry.message.startsWith('Fax webhook started a run'));
		expect(started?.level).toBe('debug');
		for (const step of ['admit', 'read', 'verify', 'parse', 'confirm', 'dedupe', 'fetch', 'attach']) {
			expect(started?.message).toMatch(new RegExp(`\\b${step} \\d+\\.\\d\\b`));
		}
		expect(started?.message).not.toContain(WEBHOOK_TOKEN);
	});

	it('logs a flood of forged requests at debug, with one warning, and never the token', async () => {
		server = await phaxioServer();
		for (let attempt = 0; attempt < 20; attempt++) {
			const forged = phaxioWebhook({ url: server.productionUrl, webhookToken: 'guessed-token', event: 'fax.received' });
			expect((await post(server.productionUrl, forged.body, forged.headers)).status).toBe(401);
		}
		const refusals = server.logs.filter((entry) => entry.message.includes('refused'));
		expect(refusals.filter((entry) => entry.level === 'debug')).toHaveLength(20);
		expect(refusals.filter((entry) => entry.level === 'warn')).toEqual([
			{ level: 'warn', message: expect.stringMatching(/^Fax webhook refused 1 request \(latest 401: Invalid X-Phaxio-Signature/) },
		]);
		expect(JSON.stringify(server.logs)).not.toContain(WEBHOOK_TOKEN);
	});

	it('refuses activation, and every delivery, while the Public URL option is not a URL', async () => {
		server = await phaxioServer({ settings: { publicUrl: 'fax.example.com/hooks phaxio' } });
		await expect(new PhaxioTrigger().webhookMethods.default.create.call(server.hookContext())).rejects.toMatchObject({
			description: expect.stringContaining('The Public URL option is not a valid URL'),
		});
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		const response = await post(server.productionUrl, request.body, request.headers);
		expect(response.status).toBe(401);
		expect(response.text).toContain('Public URL');
		expect(server.runs).toHaveLength(0);
	});

	it('refuses to activate while the credential has no webhook token', async () => {
		server = await phaxioServer({ webhookToken: '' });
		const create = new PhaxioTrigger().webhookMethods.default.create;
		await expect(create.call(server.hookContext())).rejects.toMatchObject({
			message: expect.stringMatching(/^No way to verify incoming faxes is configured\. Copy the webhook token .*"Webhook Token" field/),
			description: expect.stringContaining('"Webhook Token" field'),
		});
	});

	it('acknowledges an event that is not selected and starts nothing', async () => {
		server = await phaxioServer({ events: ['fax.received'] });
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.sent' });
		const response = await post(server.productionUrl, request.body, request.headers);
		expect(response.status).toBe(200);
		expect(JSON.parse(response.text)).toMatchObject({ started: false });
		expect(server.runs).toHaveLength(0);
	});

	it('acknowledges a repeated delivery of the same fax without a second run', async () => {
		server = await phaxioServer();
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received', faxId: 4242 });
		expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(200);
		const again = await post(server.productionUrl, request.body, request.headers);
		expect(again.status).toBe(200);
		expect(JSON.parse(again.text)).toMatchObject({ started: false, reason: expect.stringContaining('duplicate') });
		expect(server.runs).toHaveLength(1);
	});

	it('accepts the document in the v1 part name "filename"', async () => {
		server = await phaxioServer();
		const pdf = samplePdf('v1 part name');
		const fields = phaxioWebhookFields({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received', faxId: 9 });
		const signature = computePhaxioSignature(WEBHOOK_TOKEN, server.productionUrl, fields, [
			{ fieldName: 'filename', sha1: createHash('sha1').update(pdf).digest('hex') },
		]);
		const { body, contentType } = multipartBody(fields, [
			{ name: 'filename', fileName: 'fax.pdf', contentType: 'application/pdf', content: pdf },
		]);
		const response = await post(server.productionUrl, body, { 'content-type': contentType, 'x-phaxio-signature': signature });
		expect(response.status).toBe(200);
		expect(binaryBytes(server.runs[0].items[0]).equals(pdf)).toBe(true);
	});

	it('puts the document in the binary property named in the options', async () => {
		server = await phaxioServer({ settings: { binaryPropertyName: 'fax', includeRaw: false } });
		const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
		await post(server.productionUrl, request.body, request.headers);
		const [item] = server.runs[0].items;
		expect(Object.keys(item.binary ?? {})).toEqual(['fax']);
		expect(item.json.raw).toBeUndefined();
	});

	describe('answers 400 and starts nothing for malformed input', () => {
		const signedMultipart = (
			url: string,
			fields: Array<{ name: string; value: string }>,
			file?: Buffer,
		) => {
			const files = file ? [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: file }] : [];
			const signature = computePhaxioSignature(
				WEBHOOK_TOKEN,
				url,
				fields,
				files.map((part) => ({ fieldName: part.name, sha1: createHash('sha1').update(part.content).digest('hex') })),
			);
			const { body, contentType } = multipartBody(fields, files);
			return { body, headers: { 'content-type': contentType, 'x-phaxio-signature': signature } };
		};

		it.each([
			['no "fax" field', [{ name: 'event_type', value: 'fax_completed' }], 'Missing form field "fax"'],
			['a "fax" field that is not JSON', [{ name: 'fax', value: '{"id": 1,' }], 'not valid JSON'],
			['a "fax" field without an id', [{ name: 'fax', value: '{"direction":"received"}' }], 'no id'],
		])('%s', async (_case, fields, reason) => {
			server = await phaxioServer();
			const request = signedMultipart(server.productionUrl, fields);
			const response = await post(server.productionUrl, request.body, request.headers);
			expect(response.status).toBe(400);
			expect(JSON.parse(response.text).error).toContain(reason);
			expect(server.runs).toHaveLength(0);
		});

		it('a received fax whose file is not a PDF', async () => {
			server = await phaxioServer();
			const fields = phaxioWebhookFields({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
			const request = signedMultipart(server.productionUrl, fields, Buffer.from('MZ\x90\x00 not a document'));
			const response = await post(server.productionUrl, request.body, request.headers);
			expect(response.status).toBe(400);
			expect(response.text).toContain('not a PDF');
			expect(server.runs).toHaveLength(0);
		});

		it('a body that is not multipart', async () => {
			server = await phaxioServer();
			const response = await post(server.productionUrl, JSON.stringify({ fax: { id: 1 } }), {
				'content-type': 'application/json',
				'x-phaxio-signature': 'a'.repeat(40),
			});
			expect(response.status).toBe(400);
			expect(server.runs).toHaveLength(0);
		});

		it('a truncated multipart body', async () => {
			server = await phaxioServer();
			const request = phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received' });
			const response = await post(server.productionUrl, request.body.subarray(0, request.body.length - 200), request.headers);
			expect(response.status).toBe(400);
			expect(server.runs).toHaveLength(0);
		});
	});
});
