import { createHash } from 'crypto';

import { phaxioWebhook } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { N8nInstance } from './support/n8nHarness';

/** First use installs Node 24 and n8n (a few minutes); later runs start in seconds. */
jest.setTimeout(20 * 60_000);

const PHAXIO_TOKEN = 'e2e-phaxio-webhook-token';
const PHAXIO_WEBHOOK_ID = '3c0b7f0e-5a0d-4c0e-9a53-7f1e2d3c4b5a';

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await N8nInstance.launch({
		credentials: [
			{
				id: 'phaxioE2eCred001',
				name: 'Phaxio (e2e)',
				type: 'phaxioApi',
				data: { apiKey: 'key', apiSecret: 'secret', webhookToken: PHAXIO_TOKEN, baseUrl: 'http://127.0.0.1:9/v2.1' },
			},
		],
		workflows: [
			{
				id: 'phaxioE2eFlow001',
				name: 'Phaxio fax received (e2e)',
				nodes: [
					{
						id: '0b6c3f3e-2a1d-4e5f-8a9b-0c1d2e3f4a5b',
						name: 'Phaxio Trigger',
						type: 'n8n-nodes-fax.phaxioTrigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId: PHAXIO_WEBHOOK_ID,
						parameters: { events: ['fax.received', 'fax.sent'] },
						credentials: { phaxioApi: { id: 'phaxioE2eCred001', name: 'Phaxio (e2e)' } },
					},
				],
			},
		],
	});
	await n8n.activate('phaxioE2eFlow001');
});

afterAll(async () => {
	await n8n?.dispose();
});

describe('Phaxio Trigger in a real n8n', () => {
	const url = () => n8n.webhookUrl(PHAXIO_WEBHOOK_ID, 'phaxio');

	it('runs the workflow once for a signed received fax, with the PDF bytes as sent', async () => {
		await n8n.waitForWebhook(url());
		const pdf = samplePdf('End to end fax');
		const request = phaxioWebhook({ url: url(), webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId: 880001, document: pdf });
		const response = await fetch(url(), { method: 'POST', body: request.body, headers: request.headers });
		expect(response.status).toBe(200);

		const executions = await n8n.waitForExecutions('phaxioE2eFlow001', 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const [item] = executions[0].items('Phaxio Trigger');
		expect(item.json).toMatchObject({
			provider: 'phaxio',
			event: 'fax.received',
			faxId: '880001',
			direction: 'inbound',
			document: { mimeType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') },
		});
		expect(n8n.binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('answers a forged request with 401 and records no execution', async () => {
		const before = (await n8n.executions('phaxioE2eFlow001')).length;
		const request = phaxioWebhook({ url: url(), webhookToken: 'forger-token', event: 'fax.received', faxId: 880002 });
		const response = await fetch(url(), { method: 'POST', body: request.body, headers: request.headers });
		expect(response.status).toBe(401);
		expect(await response.text()).not.toContain(PHAXIO_TOKEN);
		expect(await n8n.settledExecutions('phaxioE2eFlow001')).toHaveLength(before);
	});

	it('starts one run for a delivery repeated across an n8n restart', async () => {
		const request = phaxioWebhook({ url: url(), webhookToken: PHAXIO_TOKEN, event: 'fax.sent', faxId: 880003 });
		const before = (await n8n.executions('phaxioE2eFlow001')).length;
		expect((await fetch(url(), { method: 'POST', body: request.body, headers: request.headers })).status).toBe(200);
		await n8n.waitForExecutions('phaxioE2eFlow001', before + 1);
		await n8n.restart();
		await n8n.waitForWebhook(url());
		const again = await fetch(url(), { method: 'POST', body: request.body, headers: request.headers });
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ started: false });
		expect(await n8n.settledExecutions('phaxioE2eFlow001')).toHaveLength(before + 1);
	});
});
