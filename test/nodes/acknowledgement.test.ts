import { request as httpRequest } from 'http';

import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { phaxioWebhook } from '../../nodes/FaxSimulator/phaxioWebhook';
import { post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

/**
 * When the provider hears "received" decides whether a failed or lost run is delivered again.
 * n8n's two answers are emulated by the harness: `onReceived` answers once the run is handed
 * over, `lastNode` once the workflow ended (200, or 500 "Error in workflow").
 */
const WEBHOOK_TOKEN = 'ack-webhook-token-7d1c';

let server: TriggerServer;
afterEach(async () => await server?.close());

async function phaxioServer(settings: object, runWorkflow?: () => Promise<boolean>) {
	server = await startTriggerServer({
		node: new PhaxioTrigger(),
		webhookPath: 'phaxio',
		parameters: { events: ['fax.received'], settings },
		credentials: { phaxioApi: { apiKey: 'key', apiSecret: 'secret', webhookToken: WEBHOOK_TOKEN } },
		runWorkflow,
	});
	return server;
}

const delivery = (faxId: number) =>
	phaxioWebhook({ url: server.productionUrl, webhookToken: WEBHOOK_TOKEN, event: 'fax.received', faxId });

async function deliver(faxId: number) {
	const { body, headers } = delivery(faxId);
	return await post(server.productionUrl, body, headers);
}

/** A delivery whose sender gives up (closes the connection) before the answer comes. */
async function deliverAndHangUp(faxId: number): Promise<void> {
	const { body, headers } = delivery(faxId);
	await new Promise<void>((resolve) => {
		const sent = httpRequest(server.productionUrl, { method: 'POST', headers });
		sent.on('error', () => resolve());
		sent.end(body, () => setTimeout(() => (sent.destroy(), resolve()), 100));
	});
}

describe('Acknowledge Delivery: When the Workflow Finishes (the default)', () => {
	it('answers 500 when the workflow fails, so that the retry starts a new run; then answers retries as duplicates', async () => {
		const outcomes = [false, true];
		await phaxioServer({}, async () => outcomes.shift() ?? true);
		expect((await deliver(501)).status).toBe(500);
		expect((await deliver(501)).status).toBe(200);
		expect(server.runs).toHaveLength(2);
		const duplicate = await deliver(501);
		expect(duplicate.status).toBe(200);
		expect(JSON.parse(duplicate.text)).toMatchObject({ started: false, reason: expect.stringContaining('duplicate') });
		expect(server.runs).toHaveLength(2);
	});

	it('refuses a retry with 409 while the first run is still going, and starts nothing', async () => {
		let finish!: (succeeded: boolean) => void;
		await phaxioServer({}, async () => await new Promise<boolean>((resolve) => (finish = resolve)));
		const first = deliver(502);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const retry = await deliver(502);
		expect(retry.status).toBe(409);
		expect(server.runs).toHaveLength(1);
		finish(true);
		expect((await first).status).toBe(200);
		expect((await deliver(502)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('counts a run that succeeded after the sender hung up as received', async () => {
		let finish!: (succeeded: boolean) => void;
		await phaxioServer({}, async () => await new Promise<boolean>((resolve) => (finish = resolve)));
		await deliverAndHangUp(503);
		expect(server.runs).toHaveLength(1);
		finish(true);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await deliver(503)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it('lets the retry of a run that failed after the sender hung up start again', async () => {
		let finish!: (succeeded: boolean) => void;
		const firstRun = new Promise<boolean>((resolve) => (finish = resolve));
		let runs = 0;
		await phaxioServer({}, async () => (runs++ === 0 ? await firstRun : true));
		await deliverAndHangUp(504);
		finish(false);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await deliver(504)).status).toBe(200);
		expect(server.runs).toHaveLength(2);
	});
});

describe('Acknowledge Delivery: When the Run Starts', () => {
	it('answers as soon as the run is handed over, whatever the workflow does', async () => {
		const runWorkflow = jest.fn(async () => false);
		await phaxioServer({ acknowledge: 'whenReceived' }, runWorkflow);
		expect((await deliver(601)).status).toBe(200);
		expect((await deliver(601)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
		expect(runWorkflow).not.toHaveBeenCalled();
	});
});

it('offers both acknowledgements in the Options, When the Workflow Finishes by default', () => {
	const settings = new PhaxioTrigger().description.properties.find((property) => property.name === 'settings');
	const acknowledge = (settings?.options as Array<{ name: string; default?: unknown; options?: Array<{ value: string }> }>).find(
		(option) => option.name === 'acknowledge',
	);
	expect(acknowledge?.default).toBe('whenFinished');
	expect(acknowledge?.options?.map((option) => option.value).sort()).toEqual(['whenFinished', 'whenReceived']);
});
