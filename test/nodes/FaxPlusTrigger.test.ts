import { FaxPlusApi } from '../../credentials/FaxPlusApi.credentials';
import { FaxPlusOAuth2Api } from '../../credentials/FaxPlusOAuth2Api.credentials';
import { faxPlusWebhookBody } from '../../nodes/FaxSimulator/faxPlusWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

const TOKEN = 'faxplus-pat-9c1e';
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(64, 7)]);

let api: FakeFaxPlusApi;
let server: TriggerServer;

beforeEach(async () => {
	api = await new FakeFaxPlusApi(TOKEN).start();
});
afterEach(async () => {
	await server?.close();
	await api.stop();
});

async function faxPlusServer(
	options: { events?: string[]; settings?: object; trustProxy?: number; authentication?: 'accessToken' | 'oAuth2' } = {},
) {
	server = await startTriggerServer({
		node: new FaxPlusTrigger(),
		webhookPath: 'faxplus',
		parameters: {
			authentication: options.authentication ?? 'accessToken',
			events: options.events ?? ['fax.received'],
			settings: options.settings ?? { allowedIps: '127.0.0.1' },
		},
		credentials: {
			faxPlusApi: { accessToken: TOKEN, baseUrl: api.baseUrl },
			faxPlusOAuth2Api: { clientId: 'client-7', baseUrl: api.baseUrl, oauthTokenData: { access_token: TOKEN } },
		},
		credentialTypes: { faxPlusApi: new FaxPlusApi(), faxPlusOAuth2Api: new FaxPlusOAuth2Api() },
		trustProxy: options.trustProxy,
	});
	return server;
}

const hooks = () => new FaxPlusTrigger().webhookMethods.default;

async function deliver(body: object, headers: Record<string, string> = {}) {
	return await post(server.productionUrl, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

describe('Fax.Plus Trigger registration', () => {
	it('creates one hook per selected event, targeting the trigger, and keeps their ids', async () => {
		await faxPlusServer({ events: ['fax.received', 'fax.sent'] });
		const context = server.hookContext();
		expect(await hooks().checkExists.call(context)).toBe(false);
		expect(await hooks().create.call(context)).toBe(true);

		expect(api.hooks.map(({ event, target }) => ({ event, target }))).toEqual([
			{ event: 'fax_received', target: server.productionUrl },
			{ event: 'fax_sent', target: server.productionUrl },
		]);
		expect(server.staticData.hookIds).toEqual({
			fax_received: api.hooks[0].id,
			fax_sent: api.hooks[1].id,
		});
		expect(api.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
	});

	it('finds its hooks on re-activation and never creates duplicates', async () => {
		await faxPlusServer({ events: ['fax.received', 'fax.sent'] });
		await hooks().create.call(server.hookContext());
		delete server.staticData.hookIds;

		expect(await hooks().checkExists.call(server.hookContext())).toBe(true);
		expect(await hooks().create.call(server.hookContext())).toBe(true);
		expect(api.hooks).toHaveLength(2);
		expect(Object.values(server.staticData.hookIds as unknown as Record<string, string>).sort()).toEqual(api.hooks.map((hook) => hook.id).sort());
	});

	it('deletes exactly the hooks it created on deactivation', async () => {
		api.hooks.push({ id: 'someone-else', target: 'https://other.example.com/hook', event: 'fax_received' });
		await faxPlusServer({ events: ['fax.received', 'fax.page_received'] });
		await hooks().create.call(server.hookContext());
		expect(api.hooks).toHaveLength(3);

		expect(await hooks().delete.call(server.hookContext())).toBe(true);
		expect(api.hooks).toEqual([{ id: 'someone-else', target: 'https://other.example.com/hook', event: 'fax_received' }]);
		expect(server.staticData.hookIds).toBeUndefined();
		// A hook removed in Fax.Plus meanwhile does not block deactivation.
		await hooks().create.call(server.hookContext());
		api.hooks.splice(1);
		expect(await hooks().delete.call(server.hookContext())).toBe(true);
	});

	it('fails activation with a message that says what to fix when the token is refused', async () => {
		await faxPlusServer();
		const badToken = await startTriggerServer({
			node: new FaxPlusTrigger(),
			webhookPath: 'faxplus',
			parameters: { authentication: 'accessToken', events: ['fax.received'], settings: {} },
			credentials: { faxPlusApi: { accessToken: 'wrong', baseUrl: api.baseUrl } },
			credentialTypes: { faxPlusApi: new FaxPlusApi() },
		});
		try {
			const failure = hooks().create.call(badToken.hookContext());
			// n8n's "could not be published" notification shows the message alone: the hint is in it too.
			await expect(failure).rejects.toMatchObject({
				message: expect.stringMatching(/HTTP 401.*check the Personal Access Token/),
				description: expect.stringContaining('Personal Access Token'),
			});
			expect(api.hooks).toHaveLength(0);
		} finally {
			await badToken.close();
		}
	});

	it('rolls a half-finished registration back: no hook of this activation is left behind', async () => {
		await faxPlusServer({ events: ['fax.received', 'fax.sent', 'fax.page_received'] });
		let created = 0;
		api.failWhen = ({ method, path }) => (method === 'POST' && path === '/v3/hooks' && ++created === 3 ? 500 : undefined);
		await expect(hooks().create.call(server.hookContext())).rejects.toThrow('Creating the Fax.Plus webhook for fax_page_received failed');
		expect(api.hooks).toEqual([]);
		expect(server.staticData.hookIds).toBeUndefined();
		const deletes = api.requests.filter((request) => request.method === 'DELETE');
		expect(deletes).toHaveLength(2);
	});

	it('keeps the ids of hooks it could not delete, and deletes only those next time', async () => {
		await faxPlusServer({ events: ['fax.received', 'fax.sent'] });
		await hooks().create.call(server.hookContext());
		const [received, sent] = api.hooks.map((hook) => hook.id);
		api.failWhen = ({ method, path }) => (method === 'DELETE' && path === `/v3/hooks/${sent}` ? 503 : undefined);
		expect(await hooks().delete.call(server.hookContext())).toBe(false);
		expect(server.staticData.hookIds).toEqual({ fax_sent: sent });
		expect(api.hooks.map((hook) => hook.id)).toEqual([sent]);

		api.failWhen = undefined;
		const deletesBefore = api.requests.filter((request) => request.method === 'DELETE').length;
		expect(await hooks().delete.call(server.hookContext())).toBe(true);
		const retried = api.requests.filter((request) => request.method === 'DELETE').slice(deletesBefore);
		expect(retried.map((request) => request.path)).toEqual([`/v3/hooks/${sent}`]);
		expect(api.hooks).toEqual([]);
		expect(server.staticData.hookIds).toBeUndefined();
		expect(received).not.toBe(sent);
	});

	it('sends the x-fax-clientid header with an OAuth2 credential', async () => {
		await api.stop();
		api = await new FakeFaxPlusApi(TOKEN, 'client-7').start();
		await faxPlusServer({ authentication: 'oAuth2' });
		expect(await hooks().create.call(server.hookContext())).toBe(true);
		expect(api.requests.at(-1)?.headers['x-fax-clientid']).toBe('client-7');
	});
});

describe('Fax.Plus Trigger deliveries', () => {
	it('turns a received fax into one item with the document downloaded through the API', async () => {
		const pdf = samplePdf('Fax.Plus inbound');
		api.files.set('fx100', pdf);
		await faxPlusServer();
		const response = await deliver(
			faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx100', from: '+1 555 123 0001' }),
		);

		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			provider: 'faxplus',
			event: 'fax.received',
			providerEvent: 'fax_received',
			faxId: 'fx100',
			direction: 'inbound',
			status: 'success',
			from: '+15551230001',
			pages: 1,
			document: { mimeType: 'application/pdf', size: pdf.length, fileName: 'fax-fx100.pdf' },
			documentError: null,
		});
		expect(binaryBytes(item).equals(pdf)).toBe(true);
		const download = api.requests.find((request) => request.path.includes('/files/'));
		expect(download?.path).toBe('/v3/accounts/self/files/fx100');
		expect(download?.query.get('format')).toBe('pdf');
	});

	it('falls back to data.file when the document is not stored under the fax id', async () => {
		const pdf = samplePdf('stored under file id');
		api.files.set('fx101.tiff', pdf);
		await faxPlusServer({ events: ['fax.sent'] });
		await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.sent', faxId: 'fx101' }));
		expect(server.runs[0].items[0].json).toMatchObject({ event: 'fax.sent', direction: 'outbound' });
		expect(binaryBytes(server.runs[0].items[0]).equals(pdf)).toBe(true);
	});

	it('downloads TIFF when asked and calls it image/tiff', async () => {
		api.files.set('fx102', TIFF);
		await faxPlusServer({ settings: { allowedIps: '127.0.0.1', documentFormat: 'tiff' } });
		await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx102' }));
		const [item] = server.runs[0].items;
		expect(item.json.document).toMatchObject({ mimeType: 'image/tiff', fileName: 'fax-fx102.tiff' });
		expect(api.requests.find((request) => request.path.includes('/files/'))?.query.get('format')).toBe('tiff');
	});

	it('maps a page event without downloading anything', async () => {
		await faxPlusServer({ events: ['fax.page_received'] });
		await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.page_received', faxId: 'fx103', page: 2 }));
		expect(server.runs[0].items[0].json).toMatchObject({ event: 'fax.page_received', pages: 2, document: null });
		expect(api.requests).toHaveLength(0);
	});

	it('does not download when Download Document is off', async () => {
		await faxPlusServer({ settings: { allowedIps: '127.0.0.1', downloadDocument: false } });
		await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx104' }));
		expect(server.runs[0].items[0].binary).toBeUndefined();
		expect(api.requests).toHaveLength(0);
	});

	it('starts the run without the document, saying why, when the download fails', async () => {
		api.failFileDownloads = 500;
		await faxPlusServer();
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx105' }));
		expect(response.status).toBe(200);
		const [item] = server.runs[0].items;
		expect(item.binary).toBeUndefined();
		expect(item.json.document).toBeNull();
		expect(item.json.documentError).toContain('HTTP 500');
		expect(String(item.json.documentError)).not.toContain(TOKEN);
	});

	it('starts the run without the document when the API sends something that is not a PDF', async () => {
		api.files.set('fx110', Buffer.from('<html>maintenance</html>'));
		await faxPlusServer();
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx110' }));
		expect(response.status).toBe(200);
		expect(server.runs[0].items[0].binary).toBeUndefined();
		expect(server.runs[0].items[0].json.documentError).toContain('not a PDF or TIFF');
	});

	it('answers 503 and keeps the event for Fax.Plus\'s retry when asked to', async () => {
		api.failFileDownloads = 503;
		await faxPlusServer({ settings: { allowedIps: '127.0.0.1', retryWhenDownloadFails: true } });
		const body = faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx106' });
		expect((await deliver(body)).status).toBe(503);
		expect(server.runs).toHaveLength(0);

		api.failFileDownloads = undefined;
		api.files.set('fx106', samplePdf('second attempt'));
		expect((await deliver(body)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('acknowledges a repeated delivery without a second run', async () => {
		api.files.set('fx107', samplePdf());
		await faxPlusServer();
		const body = faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx107' });
		await deliver(body);
		const again = await deliver(body);
		expect(again.status).toBe(200);
		expect(JSON.parse(again.text)).toMatchObject({ started: false });
		expect(server.runs).toHaveLength(1);
	});

	it('refuses a payload sent for another webhook', async () => {
		await faxPlusServer();
		const body = faxPlusWebhookBody({ url: 'https://n8n.example.com/webhook/other-id/faxplus', event: 'fax.received' });
		expect((await deliver(body)).status).toBe(403);
		expect(server.runs).toHaveLength(0);
	});

	it.each([
		['not a Fax.Plus payload', { fax: { id: 1 } }],
		['an unknown hook event', { hook: { event: 'fax_exploded', target: 'x' }, data: { id: '1' } }],
	])('answers 400 to %s', async (_case, body) => {
		await faxPlusServer();
		expect((await deliver(body)).status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});
});

describe('Fax.Plus Trigger source addresses', () => {
	it('refuses callers outside Fax.Plus\'s published addresses by default, before any API call', async () => {
		await faxPlusServer({ settings: {} });
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received' }));
		expect(response.status).toBe(403);
		expect(JSON.parse(response.text).error).toContain('127.0.0.1');
		expect(server.runs).toHaveLength(0);
		expect(api.requests).toHaveLength(0);
	});

	it('judges a spoofed X-Forwarded-For by the socket address when no proxy is trusted', async () => {
		await faxPlusServer({ settings: { allowedIps: '34.65.253.117' } });
		const body = faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received' });
		expect((await deliver(body, { 'x-forwarded-for': '34.65.253.117' })).status).toBe(403);
		expect(server.runs).toHaveLength(0);
	});

	it('takes the address from X-Forwarded-For behind a trusted proxy (N8N_PROXY_HOPS)', async () => {
		api.files.set('fx108', samplePdf());
		await faxPlusServer({ settings: { allowedIps: '34.65.253.0/24' }, trustProxy: 1 });
		const body = faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx108' });
		expect((await deliver(body, { 'x-forwarded-for': '34.65.253.117' })).status).toBe(200);
		expect((await deliver(body, { 'x-forwarded-for': '10.1.2.3' })).status).toBe(403);
		expect(server.runs).toHaveLength(1);
	});

	it.each(['', '   ', ' , ,\n'])(
		'fails closed when Allowed IPs lists no address (%j) and Confirm With API is off',
		async (allowedIps) => {
			await faxPlusServer({ settings: { allowedIps } });
			await expect(hooks().create.call(server.hookContext())).rejects.toMatchObject({
				description: expect.stringContaining('Allowed IPs'),
			});
			const answer = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received' }));
			expect(answer.status).toBe(401);
			expect(server.runs).toHaveLength(0);
		},
	);

	it('refuses activation and every delivery while Allowed IPs is not a list of addresses', async () => {
		await faxPlusServer({ settings: { allowedIps: '34.65.253.117, not-an-address' } });
		await expect(hooks().create.call(server.hookContext())).rejects.toMatchObject({
			description: expect.stringContaining('"not-an-address"'),
		});
		const answer = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received' }));
		expect(answer.status).toBe(401);
	});

	it('lets the API confirmation be the only check when the list is empty', async () => {
		api.faxes.set('fx109', { id: 'fx109', from: '+15551230001', to: '+15559870002' });
		await faxPlusServer({ settings: { allowedIps: '', confirmWithApi: true, downloadDocument: false } });
		const body = faxPlusWebhookBody({
			url: server.productionUrl,
			event: 'fax.received',
			faxId: 'fx109',
			from: '+15551230001',
			to: '+15559870002',
		});
		expect((await deliver(body)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});
});

describe('Fax.Plus Trigger confirmation with the API', () => {
	const settings = { allowedIps: '127.0.0.1', confirmWithApi: true, downloadDocument: false };

	it('starts the run for a fax the account knows, with matching numbers', async () => {
		api.faxes.set('fx200', { id: 'fx200', from: '+15551230001', to: '+15559870002' });
		await faxPlusServer({ settings });
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx200' }));
		expect(response.status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('answers 503 while the API cannot confirm, starts nothing, and runs the retry once the API answers', async () => {
		api.faxes.set('fx202', { id: 'fx202', from: '+15551230001', to: '+15559870002' });
		await faxPlusServer({ settings });
		api.failWhen = ({ path }) => (path.startsWith('/v3/accounts/self/faxes/') ? 503 : undefined);
		const body = faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx202', from: '+15551230001', to: '+15559870002' });
		const refused = await deliver(body);
		expect(refused.status).toBe(503);
		expect(refused.text).toContain('retry later');
		expect(server.runs).toHaveLength(0);
		api.failWhen = undefined;
		expect((await deliver(body)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('refuses a fax id the account does not know', async () => {
		await faxPlusServer({ settings });
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'forged' }));
		expect(response.status).toBe(403);
		expect(server.runs).toHaveLength(0);
	});

	it('refuses a payload whose numbers disagree with the fax record', async () => {
		api.faxes.set('fx201', { id: 'fx201', from: '+15550000000', to: '+15559870002' });
		await faxPlusServer({ settings });
		const response = await deliver(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received', faxId: 'fx201' }));
		expect(response.status).toBe(403);
		expect(JSON.parse(response.text).error).toContain('"from"');
		expect(server.runs).toHaveLength(0);
	});
});
