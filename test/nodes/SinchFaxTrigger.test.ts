import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { sinchWebhook } from '../../nodes/FaxSimulator/sinchWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { withoutCredentials } from '../../nodes/FaxCore/providerFacingUrl';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

const USER = 'sinch-hook';
const PASSWORD = 'hook-pass-4d7a';
const PREVIOUS = { incomingWebhookUrl: 'https://old.example.com/fax-in', webhookContentType: 'multipart/form-data' };

let api: FakeSinchApi;
let server: TriggerServer;

beforeEach(async () => {
	api = await new FakeSinchApi('proj-1', `key-${Math.random()}`, 'key-secret').start();
	api.services.set('svc-1', { id: 'svc-1', name: 'Main line', ...PREVIOUS });
	api.services.set('svc-2', { id: 'svc-2', name: 'Back office', incomingWebhookUrl: '', webhookContentType: 'application/json' });
});
afterEach(async () => {
	await server?.close();
	await api.stop();
});

async function sinchServer(
	options: {
		events?: string[];
		settings?: object;
		contentType?: string;
		serviceId?: string;
		webhookUsername?: string;
		webhookPassword?: string;
		keySecret?: string;
		baseUrl?: string;
		productionBaseUrl?: string;
	} = {},
) {
	await server?.close();
	server = await startTriggerServer({
		productionBaseUrl: options.productionBaseUrl,
		node: new SinchFaxTrigger(),
		webhookPath: 'sinch',
		parameters: {
			serviceId: options.serviceId ?? 'svc-1',
			events: options.events ?? ['fax.received', 'fax.sent'],
			contentType: options.contentType ?? 'application/json',
			settings: options.settings ?? {},
		},
		credentials: {
			sinchFaxApi: {
				projectId: 'proj-1',
				keyId: api.keyId,
				keySecret: options.keySecret ?? api.keySecret,
				webhookUsername: options.webhookUsername ?? USER,
				webhookPassword: options.webhookPassword ?? PASSWORD,
				baseUrl: options.baseUrl ?? api.baseUrl,
				authUrl: api.authUrl,
			},
		},
	});
	return server;
}

const lifecycle = () => new SinchFaxTrigger().webhookMethods.default;

async function deliver(request: ReturnType<typeof sinchWebhook>, headers: Record<string, string> = {}) {
	return await post(server.productionUrl, request.body, { ...request.headers, ...headers });
}

describe('Sinch Fax Trigger registration', () => {
	it('points the chosen service at the trigger with the basic-auth pair, and restores it exactly', async () => {
		await sinchServer({ contentType: 'multipart/form-data' });
		expect(await lifecycle().checkExists.call(server.hookContext())).toBe(false);
		expect(await lifecycle().create.call(server.hookContext())).toBe(true);

		const service = api.services.get('svc-1')!;
		const pointed = new URL(service.incomingWebhookUrl);
		expect([pointed.username, pointed.password]).toEqual([USER, PASSWORD]);
		pointed.username = '';
		pointed.password = '';
		expect(pointed.toString()).toBe(server.productionUrl);
		expect(service.webhookContentType).toBe('multipart/form-data');
		expect(await lifecycle().checkExists.call(server.hookContext())).toBe(true);
		expect(api.services.get('svc-2')!.incomingWebhookUrl).toBe('');

		expect(await lifecycle().delete.call(server.hookContext())).toBe(true);
		expect(api.services.get('svc-1')).toMatchObject(PREVIOUS);
		expect(server.staticData.previousWebhook).toBeUndefined();
	});

	it('never takes its own URL for the previous one when activated twice', async () => {
		await sinchServer();
		await lifecycle().create.call(server.hookContext());
		await lifecycle().create.call(server.hookContext());
		await lifecycle().delete.call(server.hookContext());
		expect(api.services.get('svc-1')).toMatchObject(PREVIOUS);
	});

	it('gives the old service back when another one is chosen', async () => {
		const productionBaseUrl = 'https://n8n.example.com';
		await sinchServer({ productionBaseUrl });
		await lifecycle().create.call(server.hookContext());
		const staticData = { ...server.staticData };
		await sinchServer({ serviceId: 'svc-2', productionBaseUrl });
		Object.assign(server.staticData, staticData);
		await lifecycle().create.call(server.hookContext());
		expect(api.services.get('svc-1')).toMatchObject(PREVIOUS);
		expect(api.services.get('svc-2')!.incomingWebhookUrl).toContain('/sinch');
	});

	it('connects a newly chosen service after a deactivation, even when the first one already pointed here', async () => {
		const productionBaseUrl = 'https://n8n.example.com';
		// n8n's activation: checkExists, then create only when nothing exists yet.
		const activate = async () =>
			(await lifecycle().checkExists.call(server.hookContext())) ||
			(await lifecycle().create.call(server.hookContext()));
		await sinchServer({ productionBaseUrl });
		const service = api.services.get('svc-1')!;
		service.incomingWebhookUrl = `${server.productionUrl}`;
		service.webhookContentType = 'multipart/form-data';
		await activate();
		expect(server.staticData.previousWebhook).toBeUndefined();
		await lifecycle().delete.call(server.hookContext());

		const staticData = { ...server.staticData };
		await sinchServer({ serviceId: 'svc-2', productionBaseUrl });
		Object.assign(server.staticData, staticData);
		await activate();
		expect(withoutCredentials(api.services.get('svc-2')!.incomingWebhookUrl)).toBe(server.productionUrl);
		expect(server.staticData.serviceId).toBe('svc-2');
	});

	it('leaves a service alone that was pointed elsewhere meanwhile', async () => {
		await sinchServer();
		await lifecycle().create.call(server.hookContext());
		api.services.get('svc-1')!.incomingWebhookUrl = 'https://someone-else.example.com/';
		await lifecycle().delete.call(server.hookContext());
		expect(api.services.get('svc-1')!.incomingWebhookUrl).toBe('https://someone-else.example.com/');
	});

	it('refuses to activate without any way to verify webhooks', async () => {
		await sinchServer({ webhookUsername: '', webhookPassword: '' });
		await expect(lifecycle().create.call(server.hookContext())).rejects.toThrow('No way to verify');
		expect(api.services.get('svc-1')).toMatchObject(PREVIOUS);
	});

	it('fails activation with a message that names the key when Sinch refuses it', async () => {
		await sinchServer({ keySecret: 'wrong' });
		await expect(lifecycle().create.call(server.hookContext())).rejects.toMatchObject({
			description: expect.stringContaining('Key ID and Key Secret'),
		});
	});

	it('lists the project\'s fax services for the service picker', async () => {
		await sinchServer();
		const options = await new SinchFaxTrigger().methods.loadOptions.getFaxServices.call(
			server.hookContext() as unknown as ILoadOptionsFunctions,
		);
		expect(options).toEqual([
			{ name: 'Back office (svc-2)', value: 'svc-2' },
			{ name: 'Main line (svc-1)', value: 'svc-1' },
		]);
	});

	it('says in the service picker\'s message why the list failed and what to check', async () => {
		const list = () =>
			new SinchFaxTrigger().methods.loadOptions.getFaxServices.call(server.hookContext() as unknown as ILoadOptionsFunctions);
		await sinchServer({ baseUrl: 'http://127.0.0.1:9/v3' });
		await expect(list()).rejects.toThrow(/^Listing the Sinch fax services failed \(connection refused\)\. Check the Base URL/);
		await sinchServer({ keySecret: 'wrong' });
		await expect(list()).rejects.toThrow(/failed \(HTTP 401\).*check the Key ID and Key Secret/);
	});

	it('gets one OAuth2 token through the credential and reuses it from the credential', async () => {
		await sinchServer();
		await lifecycle().create.call(server.hookContext());
		await lifecycle().checkExists.call(server.hookContext());
		expect(api.issuedTokens).toHaveLength(1);
		expect(api.requests.filter((request) => request.path.startsWith('/v3')).every((request) =>
			request.headers.authorization === `Bearer ${api.issuedTokens[0]}`,
		)).toBe(true);
	});

	it('on a 401 for an expired token gets a new one and sends the request again', async () => {
		await sinchServer();
		await lifecycle().checkExists.call(server.hookContext());
		api.expireTokens();
		expect(await lifecycle().checkExists.call(server.hookContext())).toBe(false);
		expect(api.issuedTokens).toHaveLength(2);
		const serviceReads = api.requests.filter((request) => request.path.endsWith('/services/svc-1'));
		expect(serviceReads.map((request) => request.headers.authorization)).toEqual([
			`Bearer ${api.issuedTokens[0]}`,
			`Bearer ${api.issuedTokens[0]}`,
			`Bearer ${api.issuedTokens[1]}`,
		]);
	});
});

describe('Sinch Fax Trigger deliveries', () => {
	const genuine = (options: Partial<Parameters<typeof sinchWebhook>[0]> = {}) =>
		sinchWebhook({ event: 'fax.received', username: USER, password: PASSWORD, ...options });

	it.each([
		['JSON with base64 "file"', { encoding: 'json' as const }],
		['JSON with a "files" array', { encoding: 'json' as const, filesArray: true }],
		['multipart with a "file" part', { encoding: 'multipart' as const }],
	])('turns an incoming fax sent as %s into one item with the PDF intact', async (_case, encoding) => {
		await sinchServer();
		const pdf = samplePdf('Sinch inbound');
		const response = await deliver(genuine({ ...encoding, faxId: 'SF1', document: pdf, from: '+1 555 123 0001' }));
		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			provider: 'sinch',
			event: 'fax.received',
			providerEvent: 'INCOMING_FAX',
			faxId: 'SF1',
			direction: 'inbound',
			status: 'success',
			from: '+15551230001',
			// The simulator sends Sinch's documented INCOMING_FAX example, whose price is "0.00".
			cost: { amount: 0, currency: 'USD' },
			document: { mimeType: 'application/pdf', size: pdf.length },
		});
		expect(binaryBytes(item).equals(pdf)).toBe(true);
		expect(JSON.stringify(item.json.raw)).not.toContain(pdf.toString('base64').slice(0, 40));
	});

	it('maps a completed outbound fax with its error', async () => {
		await sinchServer();
		const request = sinchWebhook({ event: 'fax.sent', faxId: 'SF2', document: null, username: USER, password: PASSWORD });
		const payload = JSON.parse(request.body.toString());
		Object.assign(payload.fax, { status: 'FAILURE', errorType: 'LINE_ERROR', errorCode: 58, errorMessage: 'No answer' });
		await deliver({ ...request, body: Buffer.from(JSON.stringify(payload)) });
		expect(server.runs[0].items[0].json).toMatchObject({
			event: 'fax.sent',
			direction: 'outbound',
			status: 'failure',
			error: { type: 'LINE_ERROR', code: '58', message: 'No answer' },
			document: null,
		});
	});

	it.each([
		['no basic auth', {}],
		['a wrong password', { authorization: `Basic ${Buffer.from(`${USER}:nope`).toString('base64')}` }],
	])('answers 401 with %s and starts nothing', async (_case, headers) => {
		await sinchServer();
		const request = sinchWebhook({ event: 'fax.received' });
		const response = await deliver(request, headers);
		expect(response.status).toBe(401);
		expect(response.text).not.toContain(PASSWORD);
		expect(server.runs).toHaveLength(0);
	});

	it('reads its credential once for a burst of deliveries, and a wrong password still gets 401', async () => {
		await sinchServer();
		expect((await deliver(genuine({ faxId: 'SF10' }))).status).toBe(200);
		const statuses = await Promise.all(['SF11', 'SF12', 'SF13'].map(async (faxId) => (await deliver(genuine({ faxId }))).status));
		expect(statuses).toEqual([200, 200, 200]);
		expect(server.credentialReads).toBe(1);
		const wrongPassword = { authorization: `Basic ${Buffer.from(`${USER}:nope`).toString('base64')}` };
		expect((await deliver(genuine({ faxId: 'SF14' }), wrongPassword)).status).toBe(401);
		expect(server.runs).toHaveLength(4);
	});

	it.each(['   ', ',', ' , ,\n'])(
		'never counts an Allowed IPs value that lists no address (%j) as verification',
		async (allowedIps) => {
			await sinchServer({ webhookUsername: '', webhookPassword: '', settings: { allowedIps } });
			await expect(lifecycle().create.call(server.hookContext())).rejects.toMatchObject({
				description: expect.stringContaining('Webhook Username and Webhook Password'),
			});
			const response = await deliver(sinchWebhook({ event: 'fax.received' }));
			expect(response.status).toBe(401);
			expect(server.runs).toHaveLength(0);
		},
	);

	it('refuses a credential with only half of the basic-auth pair', async () => {
		await sinchServer({ webhookPassword: '', settings: { allowedIps: '127.0.0.1' } });
		await expect(lifecycle().create.call(server.hookContext())).rejects.toMatchObject({
			description: expect.stringContaining('set both Webhook Username and Webhook Password'),
		});
		const response = await deliver(sinchWebhook({ event: 'fax.received' }));
		expect(response.status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 403 to an address outside Allowed IPs', async () => {
		await sinchServer({ settings: { allowedIps: '34.232.249.173, 44.226.9.173' } });
		expect((await deliver(genuine(), { 'x-forwarded-for': '34.232.249.173' })).status).toBe(403);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 400 to base64 that is not base64', async () => {
		await sinchServer();
		const body = JSON.stringify({ event: 'INCOMING_FAX', fax: { id: 'SF3' }, file: 'JVBERi0x!!!not-base64', fileType: 'PDF' });
		const response = await post(server.productionUrl, body, genuine().headers);
		expect(response.status).toBe(400);
		expect(JSON.parse(response.text).error).toContain('base64');
		expect(server.runs).toHaveLength(0);
	});

	it.each([
		['a character outside the alphabet', (text: string) => `${text.slice(0, 40)}*${text.slice(41)}`],
		['padding in the middle', (text: string) => `${text.slice(0, 40)}==${text.slice(40)}`],
		['padding on a length that is not a multiple of 4', (text: string) => `${text.replace(/=+$/, '')}A=`],
		['a last group of one character', (text: string) => `${text.slice(0, text.length - 4)}A`],
	])('answers 400 to base64 with %s', async (_case, damage) => {
		await sinchServer();
		const request = genuine({ faxId: 'SF20' });
		const payload = JSON.parse(request.body.toString());
		payload.file = damage(payload.file);
		const response = await post(server.productionUrl, JSON.stringify(payload), request.headers);
		expect(response.status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});

	it('reads base64 wrapped in lines', async () => {
		await sinchServer();
		const pdf = samplePdf('line-wrapped base64');
		const request = genuine({ faxId: 'SF21', document: pdf });
		const payload = JSON.parse(request.body.toString());
		payload.file = payload.file.replace(/.{76}/g, '$&\r\n');
		expect((await post(server.productionUrl, JSON.stringify(payload), request.headers)).status).toBe(200);
		expect(binaryBytes(server.runs[0].items[0]).equals(pdf)).toBe(true);
	});

	it('answers 400 to a payload without "fax", in either encoding', async () => {
		await sinchServer();
		const json = await post(server.productionUrl, JSON.stringify({ event: 'INCOMING_FAX' }), genuine().headers);
		expect(json.status).toBe(400);
		const multipart = genuine({ encoding: 'multipart' });
		const withoutFax = Buffer.from(multipart.body.toString('latin1').replace('name="fax"', 'name="fa"'), 'latin1');
		expect((await post(server.productionUrl, withoutFax, multipart.headers)).status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 413 to a document over the size limit without decoding it', async () => {
		await sinchServer();
		const request = genuine({ document: Buffer.alloc(64 * 1024 * 1024 + 16, 0x25) });
		expect((await deliver(request)).status).toBe(413);
		expect(server.runs).toHaveLength(0);
	});

	it('acknowledges a repeated delivery without a second run', async () => {
		await sinchServer();
		const request = genuine({ faxId: 'SF4' });
		await deliver(request);
		const again = await deliver(request);
		expect(JSON.parse(again.text)).toMatchObject({ started: false });
		expect(server.runs).toHaveLength(1);
	});

	it('downloads a stored document the event did not carry (file.pdf, then file)', async () => {
		const pdf = samplePdf('stored by Sinch');
		api.documents.set('SF5', pdf);
		await sinchServer();
		const request = genuine({ faxId: 'SF5', document: null });
		const payload = JSON.parse(request.body.toString());
		payload.fax.hasFile = true;
		await deliver({ ...request, body: Buffer.from(JSON.stringify(payload)) });
		expect(binaryBytes(server.runs[0].items[0]).equals(pdf)).toBe(true);
		expect(api.requests.map((r) => r.path).filter((path) => path.includes('/faxes/'))).toEqual([
			'/v3/projects/proj-1/faxes/SF5/file.pdf',
			'/v3/projects/proj-1/faxes/SF5/file',
		]);
	});

	it('refuses a fax the project does not know when confirming with the API', async () => {
		api.faxes.set('SF6', { id: 'SF6', from: '+15551230001', to: '+15559870002' });
		await sinchServer({ settings: { confirmWithApi: true } });
		expect((await deliver(genuine({ faxId: 'SF6' }))).status).toBe(200);
		expect((await deliver(genuine({ faxId: 'SF7' }))).status).toBe(403);
		expect(server.runs).toHaveLength(1);
	});
});
