import { readFileSync } from 'fs';
import path from 'path';

import { faxPlusWebhookBody } from '../../nodes/FaxSimulator/faxPlusWebhook';
import { faxServerWebhook } from '../../nodes/FaxSimulator/faxServerWebhook';
import { phaxioWebhook } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { sinchWebhook } from '../../nodes/FaxSimulator/sinchWebhook';
import { eventually, type ImportedWorkflow } from '../e2e/support/n8nHarness';
import { FakeFaxPlusApi, type FakeFaxPlusFax } from '../support/fakeFaxPlusApi';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { DocumentSink } from './support/documentSink';
import { deliverLikeProvider, inPool, type DeliveryResult, type SimulatedDelivery } from './support/providerSender';
import { QueueCluster } from './support/queueCluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { percentile, formatTable } = require('../bench/stats.js') as {
	percentile(values: number[], fraction: number): number;
	formatTable(header: string[], rows: Array<Array<string | number>>): string;
};

/** First use may install PostgreSQL and Redis (Debian) and n8n (a few minutes). */
jest.setTimeout(30 * 60_000);

const PHAXIO_TOKEN = 'queue-phaxio-webhook-token';
const FAX_PLUS_TOKEN = 'queue-faxplus-pat';
const SINCH_USER = 'sinch-queue';
const SINCH_PASSWORD = 'sinch-queue-password';
const FAX_SERVER_SECRET = 'queue-fax-server-secret-0123456789';

const FAXES_SENT_TWICE = Number(process.env.QUEUE_FAXES_SENT_TWICE ?? 200);
const FAXES_SENT_OVER_RESTART = Number(process.env.QUEUE_FAXES_OVER_RESTART ?? 50);
const THROUGHPUT_FAXES = Number(process.env.QUEUE_THROUGHPUT_FAXES ?? 60);
/** Faxes in flight at once; each copy waits for its run (the provider is answered when it ends). */
const SENDERS = 4;

const log = (message: string) => process.stderr.write(`[queue] ${message}\n`);
const faxPlusApi = new FakeFaxPlusApi(FAX_PLUS_TOKEN);
const sinchApi = new FakeSinchApi('proj-queue', 'key-queue', 'secret-queue');
const sink = new DocumentSink();
let cluster: QueueCluster;
const summary: string[] = [];

interface TriggerNode {
	name: string;
	type: string;
	webhookId: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/** The trigger of an example workflow, sending its document to the sink instead. */
function toSink(id: string, exampleFile: string, patch: (trigger: TriggerNode) => void): ImportedWorkflow {
	const example = JSON.parse(readFileSync(path.join(__dirname, '../e2e/workflows', exampleFile), 'utf8')) as { nodes: TriggerNode[] };
	const trigger = example.nodes[0];
	patch(trigger);
	const send = sink.node();
	return { id, name: id, nodes: [trigger, send], connections: { [trigger.name]: { main: [[{ node: send.name, type: 'main', index: 0 }]] } } };
}

const credential = (type: string, id: string) => ({ [type]: { id, name: type } });

const WORKFLOWS = { phaxio: 'queuePhaxioSink01', faxPlus: 'queueFaxPlusSink1', sinch: 'queueSinchSink001', faxServer: 'queueFaxSrvSink01' };
const HOOKS = {
	phaxio: ['5b2e9c1a-7f3d-4e8b-9a6c-1d0e2f3a4b01', 'phaxio'],
	faxPlus: ['6c3f0d2b-8a4e-4f9c-8b7d-2e1f3a4b5c02', 'faxplus'],
	sinch: ['7d4a1e3c-9b5f-4a0d-9c8e-3f2a4b5c6d03', 'sinch'],
	faxServer: ['7c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e05', 'faxserver'],
} as const;
type Trigger = keyof typeof HOOKS;
const url = (trigger: Trigger) => cluster.webhookUrl(HOOKS[trigger][0], HOOKS[trigger][1]);
const urlOn = (processIndex: number, trigger: Trigger) => cluster.webhookUrlOn(processIndex, HOOKS[trigger][0], HOOKS[trigger][1]);

/**
 * n8n in queue mode now and then never answered a webhook whose run finished, in the "last node"
 * response mode (its wait for the queue job's end misses the job's completion); the triggers now
 * answer through the worker's end-of-run message instead. Should it happen, the delivery is held
 * as "in progress" by the open request: its copies get 409 until the provider gives up. Such
 * copies are counted and reported, not failed on; their fax still ran exactly once.
 */
const n8nLeftUnanswered = (copies: DeliveryResult[]) => copies.some((copy) => copy.statuses.includes(0));

const post = async (target: string, delivery: SimulatedDelivery) =>
	await fetch(target, { method: 'POST', body: delivery.body, headers: delivery.headers });

/** Waits for the workflow's executions to reach `count` and stay there a moment. */
async function settledExecutions(workflowId: string, count: number, quietMs = 2000): Promise<number> {
	await eventually(() => expect(cluster.executionCount(workflowId)).toBeGreaterThanOrEqual(count), 60_000);
	await new Promise((resolve) => setTimeout(resolve, quietMs));
	return cluster.executionCount(workflowId);
}

const phaxioFax = (faxId: number, document = samplePdf(`Queue fax ${faxId}`)) => ({
	document,
	// Signed for the address Phaxio was given: the balancer's.
	delivery: phaxioWebhook({ url: url('phaxio'), webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId, document }),
});

beforeAll(async () => {
	await faxPlusApi.start();
	await sinchApi.start();
	await sink.start();
	sinchApi.services.set('svc-queue', {
		id: 'svc-queue',
		name: 'Queue line',
		incomingWebhookUrl: 'https://previous.example.com/fax',
		webhookContentType: 'multipart/form-data',
	});
	cluster = await QueueCluster.launch({
		webhookProcesses: 2,
		log,
		credentials: [
			{ id: 'phaxioQueueCred1', name: 'phaxioApi', type: 'phaxioApi', data: { apiKey: 'key', apiSecret: 'secret', webhookToken: PHAXIO_TOKEN, baseUrl: 'http://127.0.0.1:9/v2.1' } },
			{ id: 'faxPlusQueueCrd1', name: 'faxPlusApi', type: 'faxPlusApi', data: { accessToken: FAX_PLUS_TOKEN, baseUrl: faxPlusApi.baseUrl } },
			{
				id: 'sinchQueueCred01',
				name: 'sinchFaxApi',
				type: 'sinchFaxApi',
				data: {
					projectId: 'proj-queue',
					keyId: 'key-queue',
					keySecret: 'secret-queue',
					webhookUsername: SINCH_USER,
					webhookPassword: SINCH_PASSWORD,
					baseUrl: sinchApi.baseUrl,
					authUrl: sinchApi.authUrl,
				},
			},
			{ id: 'faxSrvQueueCred1', name: 'faxServerApi', type: 'faxServerApi', data: { secret: FAX_SERVER_SECRET, verification: 'signature' } },
		],
		workflows: [
			toSink(WORKFLOWS.phaxio, 'phaxio-fax-to-disk.json', (trigger) => {
				trigger.credentials = credential('phaxioApi', 'phaxioQueueCred1');
			}),
			toSink(WORKFLOWS.faxPlus, 'faxplus-fax-to-disk.json', (trigger) => {
				trigger.credentials = credential('faxPlusApi', 'faxPlusQueueCrd1');
				trigger.parameters.settings = { allowedIps: '127.0.0.1, ::1', confirmWithApi: true };
			}),
			toSink(WORKFLOWS.sinch, 'sinch-fax-to-disk.json', (trigger) => {
				trigger.credentials = credential('sinchFaxApi', 'sinchQueueCred01');
				trigger.parameters.serviceId = 'svc-queue';
			}),
			toSink(WORKFLOWS.faxServer, 'faxserver-fax-to-disk.json', (trigger) => {
				trigger.credentials = credential('faxServerApi', 'faxSrvQueueCred1');
			}),
		],
	});
	for (const id of Object.values(WORKFLOWS)) await cluster.activate(id);
	for (const trigger of Object.keys(HOOKS) as Trigger[]) {
		for (const index of [0, 1]) await waitForWebhook(urlOn(index, trigger));
	}
}, 30 * 60_000);

/** A bodiless POST, which every fax trigger refuses without a run, until it stops being a 404. */
async function waitForWebhook(target: string) {
	await eventually(async () => expect((await fetch(target, { method: 'POST' })).status).not.toBe(404), 60_000);
}

afterAll(async () => {
	if (process.env.QUEUE_SHOW_LOGS) log(cluster?.logs(60) ?? '');
	await cluster?.dispose();
	await sink.stop();
	await faxPlusApi.stop();
	await sinchApi.stop();
	if (summary.length > 0) process.stdout.write(`\n=== n8n queue mode (main, 2 webhook processes, 1 worker) ===\n${summary.join('\n')}\n`);
});

/** Sends genuine deliveries through the balancer; both webhook processes must take some. */
async function spreadOverBothProcesses(send: (index: number) => Promise<Response>, count = 6) {
	const before = new Map(cluster.balancer.answeredBy);
	for (let index = 0; index < count; index++) expect((await send(index)).status).toBe(200);
	for (const upstream of cluster.webhookProcessUrls()) {
		expect((cluster.balancer.answeredBy.get(upstream) ?? 0) - (before.get(upstream) ?? 0)).toBeGreaterThan(0);
	}
}

describe('Phaxio Trigger in queue mode', () => {
	it('runs genuine deliveries, spread over both webhook processes, on the worker with the document byte-exact', async () => {
		const faxes = Array.from({ length: 6 }, (_, index) => phaxioFax(910_000 + index));
		await spreadOverBothProcesses(async (index) => await post(url('phaxio'), faxes[index].delivery));
		expect(await settledExecutions(WORKFLOWS.phaxio, 6)).toBe(6);
		expect(cluster.executionsByStatus(WORKFLOWS.phaxio)).toEqual({ success: 6 });
		faxes.forEach(({ document }, index) => {
			const runs = sink.runsOf('phaxio', String(910_000 + index));
			expect(runs).toHaveLength(1);
			expect(runs[0].equals(document)).toBe(true);
		});
	});

	it('starts nothing for forged deliveries on either process', async () => {
		const before = cluster.executionCount(WORKFLOWS.phaxio);
		for (const index of [0, 1]) {
			const forged = phaxioWebhook({ url: url('phaxio'), webhookToken: 'forger-token', event: 'fax.received', faxId: 919_000 + index });
			expect((await post(urlOn(index, 'phaxio'), forged)).status).toBe(401);
		}
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(cluster.executionCount(WORKFLOWS.phaxio)).toBe(before);
	});
});

describe('Fax.Plus Trigger in queue mode', () => {
	const fax = (faxId: string) => ({ body: JSON.stringify(faxPlusWebhookBody({ url: url('faxPlus'), event: 'fax.received', faxId })), headers: { 'content-type': 'application/json' } });

	it('registered one hook for its event when activated, not one per process', async () => {
		await eventually(() => expect(faxPlusApi.hooks.map((hook) => [hook.event, hook.target])).toEqual([['fax_received', url('faxPlus')]]));
		const created = faxPlusApi.server.requests.filter((request) => request.method === 'POST' && request.path === '/v3/hooks');
		expect(created).toHaveLength(1);
	});

	it('runs genuine deliveries on the worker, downloading the document byte-exact; unconfirmed ones start nothing', async () => {
		const documents = Array.from({ length: 4 }, (_, index) => samplePdf(`Fax.Plus queue ${index}`));
		documents.forEach((document, index) => {
			faxPlusApi.faxes.set(`fxq${index}`, { id: `fxq${index}` } as FakeFaxPlusFax);
			faxPlusApi.files.set(`fxq${index}`, document);
		});
		await spreadOverBothProcesses(async (index) => await post(url('faxPlus'), fax(`fxq${index}`)), 4);
		expect(await settledExecutions(WORKFLOWS.faxPlus, 4)).toBe(4);
		documents.forEach((document, index) => expect(sink.runsOf('faxplus', `fxq${index}`)).toEqual([document]));

		for (const index of [0, 1]) expect((await post(urlOn(index, 'faxPlus'), fax(`forged${index}`))).status).toBe(403);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(cluster.executionCount(WORKFLOWS.faxPlus)).toBe(4);
	});
});

describe('Sinch Fax Trigger in queue mode', () => {
	const patches = () => sinchApi.server.requests.filter((request) => request.method === 'PATCH');

	it('pointed the fax service at the balancer once', async () => {
		await eventually(() => expect(patches()).toHaveLength(1));
		const pointed = new URL(sinchApi.services.get('svc-queue')!.incomingWebhookUrl);
		pointed.username = '';
		pointed.password = '';
		expect(pointed.toString()).toBe(url('sinch'));
	});

	it('runs genuine deliveries on the worker with the document byte-exact; wrong basic auth starts nothing', async () => {
		const documents = Array.from({ length: 4 }, (_, index) => samplePdf(`Sinch queue ${index}`));
		await spreadOverBothProcesses(
			async (index) =>
				await post(url('sinch'), sinchWebhook({ event: 'fax.received', faxId: `SQ${index}`, document: documents[index], username: SINCH_USER, password: SINCH_PASSWORD })),
			4,
		);
		expect(await settledExecutions(WORKFLOWS.sinch, 4)).toBe(4);
		documents.forEach((document, index) => expect(sink.runsOf('sinch', `SQ${index}`)).toEqual([document]));

		for (const index of [0, 1]) {
			const forged = sinchWebhook({ event: 'fax.received', faxId: `SQF${index}`, username: SINCH_USER, password: 'guess' });
			expect((await post(urlOn(index, 'sinch'), forged)).status).toBe(401);
		}
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(cluster.executionCount(WORKFLOWS.sinch)).toBe(4);
	});

	it('restores the service once when the workflow is deactivated', async () => {
		await cluster.deactivate(WORKFLOWS.sinch);
		await eventually(() => expect(sinchApi.services.get('svc-queue')).toMatchObject({ incomingWebhookUrl: 'https://previous.example.com/fax' }));
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(patches()).toHaveLength(2);
	});
});

describe('Fax Server Trigger in queue mode', () => {
	it('runs signed deliveries on the worker with the document byte-exact; a wrong secret starts nothing', async () => {
		const documents = Array.from({ length: 4 }, (_, index) => samplePdf(`Fax server queue ${index}`));
		await spreadOverBothProcesses(
			async (index) => await post(url('faxServer'), faxServerWebhook({ secret: FAX_SERVER_SECRET, document: documents[index], callId: `queue-call-${index}` })),
			4,
		);
		expect(await settledExecutions(WORKFLOWS.faxServer, 4)).toBe(4);
		documents.forEach((document, index) => expect(sink.runsOf('faxserver', `queue-call-${index}`)).toEqual([document]));

		for (const index of [0, 1]) {
			const forged = faxServerWebhook({ secret: 'not-the-secret-0123456789', callId: `queue-forged-${index}` });
			expect((await post(urlOn(index, 'faxServer'), forged)).status).toBe(401);
		}
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(cluster.executionCount(WORKFLOWS.faxServer)).toBe(4);
	});
});

describe('exactly one run per provider event across webhook processes', () => {
	const copies: DeliveryResult[] = [];
	const faxIds: number[] = [];
	const unansweredThenRestarted = new Set<number>();
	/** Faxes with a copy n8n never answered on the process that keeps running: its claim stays held. */
	const unansweredStillHeld = new Set<number>();

	/** Each copy of a fax to its own webhook process, all at the same instant; the provider retries non-2xx. */
	async function sendCopiesAtOnce(faxId: number, processes: number[]) {
		const { delivery } = phaxioFax(faxId);
		faxIds.push(faxId);
		const results = await Promise.all(processes.map(async (index) => await deliverLikeProvider(urlOn(index, 'phaxio'), delivery)));
		copies.push(...results);
		return results;
	}

	it(`${FAXES_SENT_TWICE} faxes, each sent to both webhook processes at the same instant, run once each`, async () => {
		const before = cluster.executionCount(WORKFLOWS.phaxio);
		const ids = Array.from({ length: FAXES_SENT_TWICE }, (_, index) => 920_000 + index);
		const results = await inPool(ids, SENDERS, async (faxId) => await sendCopiesAtOnce(faxId, [0, 1]));
		for (const pair of results.filter((copies) => !n8nLeftUnanswered(copies))) {
			expect(pair.map((copy) => copy.statuses.at(-1))).toEqual([200, 200]);
			// One copy ran; the other was told "in progress" (409) or, arriving later, "duplicate".
			expect(pair.filter((copy) => !copy.duplicate)).toHaveLength(1);
		}
		expect(await settledExecutions(WORKFLOWS.phaxio, before + FAXES_SENT_TWICE, 3000)).toBe(before + FAXES_SENT_TWICE);
	});

	it(`${FAXES_SENT_OVER_RESTART} faxes, each sent 3 times over a restart of one webhook process, run once each`, async () => {
		const before = cluster.executionCount(WORKFLOWS.phaxio);
		const ids = Array.from({ length: FAXES_SENT_OVER_RESTART }, (_, index) => 930_000 + index);
		const pairs = await inPool(ids, SENDERS, async (faxId) => await sendCopiesAtOnce(faxId, [0, 1]));
		// A copy n8n never answered holds its claim in process 2; the restart ends that process, so
		// its claim lapses and the next copy runs the fax again, as after a crash (by design).
		pairs.forEach((pair, index) => {
			if (n8nLeftUnanswered([pair[1]])) unansweredThenRestarted.add(ids[index]);
			else if (n8nLeftUnanswered([pair[0]])) unansweredStillHeld.add(ids[index]);
		});
		log('restarting webhook process 2…');
		await cluster.stopWebhookProcess(1);
		await cluster.startWebhookProcess(1);
		await waitForWebhook(urlOn(1, 'phaxio'));
		const third = await inPool(ids, SENDERS, async (faxId) => {
			const result = await deliverLikeProvider(urlOn(1, 'phaxio'), phaxioFax(faxId).delivery);
			copies.push(result);
			return result;
		});
		// A fax whose copy n8n never answered on the first process keeps its claim there (the request is
		// still open, its lease renewed, for up to an hour): the third copy is told 409 throughout.
		const heldThroughout = (copy: DeliveryResult, index: number) =>
			unansweredStillHeld.has(ids[index]) && copy.statuses.every((status) => status === 409);
		// A fax whose claim died with process 2 runs again once that claim's lease ran out.
		const ranAgainAfterLapse = (copy: DeliveryResult, index: number) =>
			unansweredThenRestarted.has(ids[index]) && copy.statuses.at(-1) === 200 && !copy.duplicate;
		expect(
			third.filter(
				(copy, index) =>
					!(copy.statuses.at(-1) === 200 && copy.duplicate) &&
					!n8nLeftUnanswered([copy]) &&
					!heldThroughout(copy, index) &&
					!ranAgainAfterLapse(copy, index),
			),
		).toEqual([]);
		const expected = before + FAXES_SENT_OVER_RESTART + unansweredThenRestarted.size;
		expect(await settledExecutions(WORKFLOWS.phaxio, expected, 3000)).toBe(expected);
	});

	afterAll(() => {
		const events = new Set(faxIds).size;
		const runs = [...new Set(faxIds)].map((faxId) => sink.runsOf('phaxio', String(faxId)).length);
		const retries = copies.reduce((sum, copy) => sum + copy.statuses.length - 1, 0);
		const answered = (status: number) => copies.reduce((sum, copy) => sum + copy.statuses.filter((seen) => seen === status).length, 0);
		summary.push(
			`exactly once: deliveries ${events}, duplicates sent ${copies.length - events} (+ ${retries} provider retries after ${answered(409)} × 409, ${answered(500) + answered(502) + answered(503)} × 5xx, ${answered(0)} unanswered in 60 s), ` +
				`runs started ${runs.reduce((sum, count) => sum + count, 0)}, lost ${runs.filter((count) => count === 0).length}, extra ${runs.reduce((sum, count) => sum + Math.max(0, count - 1), 0)}`,
		);
		const extraRuns = [...new Set(faxIds)].filter((faxId) => sink.runsOf('phaxio', String(faxId)).length > 1);
		if (unansweredStillHeld.size > 0) {
			summary.push(
				`  of which ${unansweredStillHeld.size} fax(es) had a copy n8n never answered on the webhook process that kept running: the fax ran once, and its claim, held by that open request, answered the later copies 409 (for at most an hour, then the next copy runs it again)`,
			);
		}
		if (unansweredThenRestarted.size > 0) {
			summary.push(
				`  of which ${unansweredThenRestarted.size} fax(es) had a copy n8n never answered on the webhook process that was then restarted: its claim died with the process, so the next copy ran again (at least once, never lost)`,
			);
		}
		expect(runs.every((count) => count >= 1)).toBe(true);
		expect(extraRuns.filter((faxId) => !unansweredThenRestarted.has(faxId))).toEqual([]);
		expect(runs.reduce((sum, count) => sum + count, 0)).toBe(events + extraRuns.length);
		expect(extraRuns.every((faxId) => sink.runsOf('phaxio', String(faxId)).length === 2)).toBe(true);
	});
});

describe('a run that fails on the worker', () => {
	it('is answered 500, so the provider delivers the fax again and the retry runs it', async () => {
		const before = cluster.executionCount(WORKFLOWS.phaxio);
		const failedBefore = cluster.executionsByStatus(WORKFLOWS.phaxio).error ?? 0;
		const faxId = 980_001;
		sink.failures.set(`phaxio/${faxId}`, 1);
		const result = await deliverLikeProvider(url('phaxio'), phaxioFax(faxId).delivery, { retryDelayMs: 1000 });
		expect(result.statuses[0]).toBe(500);
		expect(result.statuses.at(-1)).toBe(200);
		expect(result.duplicate).toBe(false);
		expect(sink.runsOf('phaxio', String(faxId))).toHaveLength(2);
		expect(await settledExecutions(WORKFLOWS.phaxio, before + 2)).toBe(before + 2);
		expect(cluster.executionsByStatus(WORKFLOWS.phaxio).error).toBe(failedBefore + 1);
	});
});

describe('a webhook process that dies while its run lasts', () => {
	it('has its copies answered 409 while its lease lasts, then the provider\'s retry runs the fax again', async () => {
		const faxId = 990_001;
		const { delivery } = phaxioFax(faxId);
		sink.holds.set(`phaxio/${faxId}`, 8000);
		const first = post(urlOn(1, 'phaxio'), delivery).catch(() => undefined);
		await eventually(() => expect(sink.runsOf('phaxio', String(faxId))).toHaveLength(1), 30_000);
		// Webhook process 2 holds the delivery and renews its lease: the other process must not run it.
		expect((await post(urlOn(0, 'phaxio'), delivery)).status).toBe(409);
		await cluster.killWebhookProcess(1);
		const killedAt = performance.now();
		await first;
		expect((await post(urlOn(0, 'phaxio'), delivery)).status).toBe(409);
		sink.holds.delete(`phaxio/${faxId}`);
		const retried = await deliverLikeProvider(urlOn(0, 'phaxio'), delivery, { retryDelayMs: 2000, giveUpAfterMs: 90_000 });
		const waitedSeconds = (performance.now() - killedAt) / 1000;
		expect(retried.statuses.at(-1)).toBe(200);
		expect(retried.duplicate).toBe(false);
		// The first run finished on the worker after its webhook process died; nobody answered the
		// provider, so its retry is not a duplicate: at least once, never lost.
		expect(sink.runsOf('phaxio', String(faxId))).toHaveLength(2);
		summary.push(
			`died mid-run: copies answered 409 until the dead process's lease ran out; the provider's retry ran again ${waitedSeconds.toFixed(0)} s after the kill (lease 30 s), runs 2 (the first one finished unanswered)`,
		);
		await cluster.startWebhookProcess(1);
		await waitForWebhook(urlOn(1, 'phaxio'));
	});
});

describe('throughput', () => {
	it('with one and with two webhook processes (same 2-core machine)', async () => {
		const measure = async (label: string, upstreams: string[], firstFaxId: number) => {
			cluster.balancer.route(upstreams);
			const before = cluster.executionCount(WORKFLOWS.phaxio);
			const faxes = Array.from({ length: THROUGHPUT_FAXES }, (_, index) => phaxioFax(firstFaxId + index).delivery);
			const startedAt = performance.now();
			const results = await inPool(faxes, SENDERS, async (delivery) => await deliverLikeProvider(url('phaxio'), delivery));
			const seconds = (performance.now() - startedAt) / 1000;
			const unanswered = results.filter((result) => (result.statuses.at(-1) !== 200 || result.duplicate) && !n8nLeftUnanswered([result]));
			if (unanswered.length > 0) log(`${label}: ${JSON.stringify(unanswered)}; executions ${JSON.stringify(cluster.executionsByStatus(WORKFLOWS.phaxio))}`);
			expect(unanswered).toEqual([]);
			expect(await settledExecutions(WORKFLOWS.phaxio, before + THROUGHPUT_FAXES, 1000)).toBe(before + THROUGHPUT_FAXES);
			const latencies = results.map((result) => result.elapsedMs);
			const hung = results.filter((result) => n8nLeftUnanswered([result])).length;
			return [label, THROUGHPUT_FAXES, (THROUGHPUT_FAXES / seconds).toFixed(1), Math.round(percentile(latencies, 0.5)), Math.round(percentile(latencies, 0.95)), hung];
		};
		const [one, two] = [cluster.webhookProcessUrls().slice(0, 1), cluster.webhookProcessUrls()];
		const rows = [
			await measure('2 webhook processes', two, 940_000),
			await measure('1 webhook process', one, 950_000),
			await measure('2 webhook processes', two, 960_000),
			await measure('1 webhook process', one, 970_000),
		];
		cluster.balancer.route(two);
		summary.push(
			`throughput: signed Phaxio faxes (one-page PDF) through the balancer, ${SENDERS} concurrent senders, each answered when its run on the worker ended:\n` +
				formatTable(['set-up', 'faxes', 'faxes/s', 'p50 ms', 'p95 ms', 'unanswered by n8n'], rows),
		);
	});
});
