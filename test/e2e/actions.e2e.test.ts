import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { phaxioWebhook } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { FakePhaxioApi } from '../support/fakePhaxioApi';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { multipartParts } from '../support/multipartParts';
import { N8N_MAJOR, N8nInstance, sendToN8n, type ImportedWorkflow } from './support/n8nHarness';

/** First use installs Node 24 and n8n (a few minutes); later runs start in seconds. */
jest.setTimeout(20 * 60_000);

const PHAXIO_WEBHOOK_TOKEN = 'e2e-actions-phaxio-token';
const filesDir = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-actions-'));
const letter = samplePdf('A letter faxed by n8n', 300_000);
const confirmation = samplePdf('We received your fax');
writeFileSync(path.join(filesDir, 'letter.pdf'), letter);
writeFileSync(path.join(filesDir, 'fax-confirmation.pdf'), confirmation);

const phaxioApi = new FakePhaxioApi('e2e-key', 'e2e-secret');
const sinchApi = new FakeSinchApi('proj-e2e', 'key-e2e', 'secret-e2e');
const faxPlusApi = new FakeFaxPlusApi('e2e-faxplus-pat');
let n8n: N8nInstance;

const CREDENTIALS = {
	phaxioApi: { id: 'phaxioActCred001', name: 'phaxioApi' },
	sinchFaxApi: { id: 'sinchActCred0001', name: 'sinchFaxApi' },
	faxPlusApi: { id: 'faxPlusActCred01', name: 'faxPlusApi' },
};

/** Webhook → read letter.pdf → Send → Get → Download, with one provider's node. */
function sendGetDownload(id: string, nodeType: string, credential: keyof typeof CREDENTIALS, to: string): ImportedWorkflow {
	const fax = (name: string, position: number, parameters: Record<string, unknown>) => ({
		id: `${id}-${name}`,
		name,
		type: `n8n-nodes-fax.${nodeType}`,
		typeVersion: 1,
		position: [position, 0],
		parameters: { resource: 'fax', ...parameters },
		credentials: { [credential]: CREDENTIALS[credential] },
	});
	const chain = ['Start', 'Read PDF', 'Send', 'Get', 'Download'];
	return {
		id,
		name: `Send, get and download a fax with ${nodeType}`,
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${id}-hook`, parameters: { httpMethod: 'POST', path: id, options: {} } },
			{ id: `${id}-read`, name: 'Read PDF', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [200, 0], parameters: { operation: 'read', fileSelector: path.join(filesDir, 'letter.pdf'), options: {} } },
			fax('Send', 400, { operation: 'send', to, additionalFields: { headerText: 'n8n e2e' } }),
			fax('Get', 600, { operation: 'get', faxId: '={{ $json.faxId }}' }),
			fax('Download', 800, { operation: 'download', faxId: '={{ $json.faxId }}', binaryPropertyName: 'data' }),
		],
		connections: Object.fromEntries(chain.slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] }])),
	};
}

function confirmationExample(): ImportedWorkflow {
	const workflow = JSON.parse(readFileSync(path.join(__dirname, 'workflows', 'phaxio-confirm-received-fax.json'), 'utf8'));
	for (const node of workflow.nodes) {
		if (node.type.startsWith('n8n-nodes-fax.phaxio')) node.credentials = { phaxioApi: CREDENTIALS.phaxioApi };
		if (node.type === 'n8n-nodes-base.readWriteFile') node.parameters.fileSelector = path.join(filesDir, 'fax-confirmation.pdf');
	}
	return workflow as ImportedWorkflow;
}

beforeAll(async () => {
	await Promise.all([phaxioApi.start(), sinchApi.start(), faxPlusApi.start()]);
	n8n = await N8nInstance.launch({
		env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		credentials: [
			{ ...CREDENTIALS.phaxioApi, type: 'phaxioApi', data: { apiKey: 'e2e-key', apiSecret: 'e2e-secret', webhookToken: PHAXIO_WEBHOOK_TOKEN, baseUrl: phaxioApi.baseUrl } },
			{ ...CREDENTIALS.sinchFaxApi, type: 'sinchFaxApi', data: { projectId: 'proj-e2e', keyId: 'key-e2e', keySecret: 'secret-e2e', baseUrl: sinchApi.baseUrl, authUrl: sinchApi.authUrl } },
			{ ...CREDENTIALS.faxPlusApi, type: 'faxPlusApi', data: { accessToken: 'e2e-faxplus-pat', baseUrl: faxPlusApi.baseUrl } },
		],
		workflows: [
			sendGetDownload('faxActPhaxio0001', 'phaxio', 'phaxioApi', '+15551234567'),
			sendGetDownload('faxActSinch00001', 'sinchFax', 'sinchFaxApi', '+19898989898'),
			sendGetDownload('faxActFaxPlus001', 'faxPlus', 'faxPlusApi', '+15557654321'),
			confirmationExample(),
		],
	});
	for (const id of ['faxActPhaxio0001', 'faxActSinch00001', 'faxActFaxPlus001', 'faxExamplePhxConf']) await n8n.activate(id);
});

afterAll(async () => {
	await n8n?.dispose();
	await Promise.all([phaxioApi.stop(), sinchApi.stop(), faxPlusApi.stop()]);
	rmSync(filesDir, { recursive: true, force: true });
});

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Posts until n8n routes the webhook (activation can land just after start-up); one run starts. */
async function startRun(url: string, init: RequestInit & { headers?: Record<string, string> } = { method: 'POST' }) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await sendToN8n(url, init);
		if (response.status !== 404 || Date.now() > deadline) return response;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe.each([
	['Phaxio', 'faxActPhaxio0001', () => phaxioApi.requests.find((request) => request.method === 'POST' && request.path === '/v2.1/faxes')],
	['Sinch Fax', 'faxActSinch00001', () => sinchApi.requests.find((request) => request.method === 'POST' && request.path.endsWith('/faxes'))],
	['Fax.Plus', 'faxActFaxPlus001', () => faxPlusApi.requests.find((request) => request.path === '/v3/accounts/self/files')],
])(`%s node in a real n8n ${N8N_MAJOR}.x`, (_provider, workflowId, upload) => {
	it('sends a PDF read from disk, gets the fax and downloads the same bytes back', async () => {
		// n8n's Webhook node serves its path directly under /webhook/.
		const response = await startRun(n8n.webhookUrl(workflowId, '').replace(/\/$/, ''));
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');

		const sent = (await multipartParts(upload()!)).find((part) => part.file)!.file!;
		expect(sent.sha256).toBe(sha256(letter));
		const [sentItem] = execution.items('Send');
		const [got] = execution.items('Get');
		expect(got.json).toMatchObject({ faxId: sentItem.json.faxId, direction: 'outbound' });
		const [downloaded] = execution.items('Download');
		expect(n8n.binaryBytes(downloaded).equals(letter)).toBe(true);
		expect(downloaded.json.document).toMatchObject({ fileName: `fax-${String(sentItem.json.faxId)}.pdf`, mimeType: 'application/pdf', sha256: sha256(letter) });
	});
});

describe(`Sinch tokens in a real n8n ${N8N_MAJOR}.x`, () => {
	it('after a 401 for an expired token, n8n gets a new one through the credential and the streamed send goes through', async () => {
		const before = sinchApi.issuedTokens.length;
		expect(before).toBeGreaterThan(0);
		sinchApi.expireTokens();
		const sendsBefore = sinchApi.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/faxes')).length;
		expect((await startRun(n8n.webhookUrl('faxActSinch00001', '').replace(/\/$/, ''))).status).toBe(200);
		const executions = await n8n.waitForExecutions('faxActSinch00001', 2);
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(sinchApi.issuedTokens).toHaveLength(before + 1);
		const sends = sinchApi.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/faxes')).slice(sendsBefore);
		expect(sends.map((request) => request.headers.authorization)).toEqual([
			`Bearer ${sinchApi.issuedTokens[before - 1]}`,
			`Bearer ${sinchApi.issuedTokens[before]}`,
		]);
		expect((await multipartParts(sends[1])).find((part) => part.file)!.file!.sha256).toBe(sha256(letter));
	});
});

describe(`Example "fax received → confirmation back" in a real n8n ${N8N_MAJOR}.x`, () => {
	it('faxes the confirmation PDF to the sender of a received fax', async () => {
		const url = n8n.webhookUrl('b2e1d3c4-7f3d-4e8b-9a6c-1d0e2f3a4b21', 'phaxio');
		const request = phaxioWebhook({ url, webhookToken: PHAXIO_WEBHOOK_TOKEN, event: 'fax.received', faxId: 990001, from: '+15550002222' });
		const response = await startRun(url, { method: 'POST', body: request.body, headers: request.headers });
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions('faxExamplePhxConf', 1);
		expect(execution.status).toBe('success');
		const sends = phaxioApi.requests.filter((entry) => entry.method === 'POST' && entry.path === '/v2.1/faxes');
		const parts = await multipartParts(sends.at(-1)!);
		expect(parts.find((part) => part.field === 'to[]')?.value).toBe('+15550002222');
		expect(parts.find((part) => part.field === 'header_text')?.value).toBe('Re: fax 990001');
		expect(parts.find((part) => part.file)!.file!.sha256).toBe(sha256(confirmation));
	});
});

describe(`Credential tests in a real n8n ${N8N_MAJOR}.x`, () => {
	/** n8n's own "Test" button: it evaluates the credential's test request, authenticates it and sends it. */
	async function credentialTest(type: keyof typeof CREDENTIALS, data: Record<string, unknown>) {
		// n8n tests the form's values on behalf of a credential the user may read (the imported one).
		const answer = await n8n.rest<{ data: { status: string; message: string } }>('POST', '/credentials/test', {
			credentials: { ...CREDENTIALS[type], type, data },
		});
		return answer.data;
	}
	const lastRequest = (api: { requests: Array<{ method: string; path: string; headers: Record<string, unknown> }> }) =>
		api.requests[api.requests.length - 1];

	it('Phaxio: GET /account/status with the key pair; a wrong secret fails the test', async () => {
		const data = { apiKey: 'e2e-key', apiSecret: 'e2e-secret', baseUrl: phaxioApi.baseUrl };
		expect(await credentialTest('phaxioApi', data)).toMatchObject({ status: 'OK' });
		expect(lastRequest(phaxioApi)).toMatchObject({
			method: 'GET',
			path: '/v2.1/account/status',
			headers: { authorization: `Basic ${Buffer.from('e2e-key:e2e-secret').toString('base64')}` },
		});
		expect(await credentialTest('phaxioApi', { ...data, apiSecret: 'wrong' })).toMatchObject({ status: 'Error' });
	});

	it('Phaxio: a trigger-only credential (webhook token alone) passes without a call; an empty one fails, naming the fields', async () => {
		const before = phaxioApi.requests.length;
		expect(await credentialTest('phaxioApi', { webhookToken: 'e2e-token', baseUrl: phaxioApi.baseUrl })).toMatchObject({ status: 'OK' });
		expect(phaxioApi.requests.length).toBe(before);
		expect(await credentialTest('phaxioApi', { baseUrl: phaxioApi.baseUrl })).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('Webhook Token (Phaxio Trigger)'),
		});
	});

	it('Fax.Plus: GET /accounts/self with the token; a wrong token fails the test', async () => {
		const data = { accessToken: 'e2e-faxplus-pat', baseUrl: faxPlusApi.baseUrl };
		expect(await credentialTest('faxPlusApi', data)).toMatchObject({ status: 'OK' });
		expect(lastRequest(faxPlusApi)).toMatchObject({ method: 'GET', path: '/v3/accounts/self', headers: { authorization: 'Bearer e2e-faxplus-pat' } });
		expect(await credentialTest('faxPlusApi', { ...data, accessToken: 'wrong' })).toMatchObject({ status: 'Error' });
	});

	it('Sinch: an OAuth2 token first, then GET the project\'s services with it; a wrong key secret fails the test', async () => {
		const data = { projectId: 'proj-e2e', keyId: 'key-e2e', keySecret: 'secret-e2e', baseUrl: sinchApi.baseUrl, authUrl: sinchApi.authUrl };
		const before = sinchApi.requests.length;
		expect(await credentialTest('sinchFaxApi', data)).toMatchObject({ status: 'OK' });
		const sent = sinchApi.requests.slice(before);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /oauth2/token', 'GET /v3/projects/proj-e2e/services']);
		expect(String(sent[1].headers.authorization)).toMatch(/^Bearer /);
		expect(await credentialTest('sinchFaxApi', { ...data, keySecret: 'wrong' })).toMatchObject({ status: 'Error' });
	});
});
