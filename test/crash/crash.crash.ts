/**
 * What happens to faxes when n8n dies: `npm run test:crash` (not part of `npm test`).
 *
 * A real n8n 2.41.1 (SQLite, binary data on the file system, the 2.x defaults) with this package
 * installed as a community package runs one workflow: Phaxio Trigger → HTTP Request that posts the
 * fax document (binary body) with its fax id and n8n's execution id (headers) to a slow loopback
 * sink (it answers after 200–800 ms). A sender that behaves like Phaxio delivers CRASH_FAXES
 * distinct faxes (signed multipart, a real PDF each, signed with the package's own
 * `computePhaxioSignature` from dist/), several at once; a delivery is acknowledged only by a 2xx;
 * anything else (non-2xx, connection error, no answer within CRASH_TIMEOUT_MS) is retried after
 * 1, 2, 4, 8, 16, 16 … s (Phaxio's 5, 10, 20, 30 min … in seconds), at most CRASH_MAX_TRIES times
 * and for at most CRASH_GIVE_UP_S seconds. While faxes arrive, n8n is killed with SIGKILL (with
 * its task runner) CRASH_KILLS times at random moments (each after a random number of arrivals,
 * a random 0–300 ms into a delivery) and restarted on the same user folder.
 * At the end (all deliveries settled, the sink quiet, one last graceful restart so that n8n marks
 * what was running as crashed), every fax is classified:
 *
 *   delivered           the sink received its document (SHA-256 as sent)
 *   retryable           not delivered, but an execution n8n kept (crashed, error, new, running…)
 *                       holds the document (binary file present, SHA-256 as sent): a person can
 *                       retry it from n8n's execution list
 *   lost                the sender got a 2xx for it, and it is neither delivered nor retryable
 *   never acknowledged  the sender gave up without any 2xx (counted whatever became of it)
 *   duplicated          the sink received it from two different executions (the same execution
 *                       posting twice is counted apart, as "repeated in one execution")
 *
 * and the test fails when lost > 0 or duplicated > 0, printing each such fax's history. Each loss
 * and duplicate gets a cause (the ledger answered "duplicate" with no run kept; a run that posted
 * and crashed; a run that finished but was killed before its 2xx; a run n8n itself re-ran at
 * start-up because it was still `new` when killed). The table also counts the executions n8n
 * re-ran at start-up and, for executions that did not succeed, whether their document is there
 * (`moved`: n8n had moved the file to the execution's folder but the kill prevented the save).
 * Everything per fax (attempts, sink receipts, executions) goes to <CRASH_OUT>/report.json;
 * `node test/crash/windows.js <CRASH_OUT>` turns a run into the crash windows of one delivery.
 * Results and n8n's ordering: test/crash/RESULTS.md.
 *
 * Environment (all optional):
 *   CRASH_ACK          whenReceived | whenFinished (default): the trigger's `settings.acknowledge`
 *                      (a trigger that does not know the setting ignores it)
 *   CRASH_TRIGGER_VERSION  2 (default, what new nodes get: n8n parses the body) or 1 (raw stream)
 *   CRASH_FAXES        faxes to send (300)
 *   CRASH_KILLS        SIGKILLs while faxes arrive (5)
 *   CRASH_SEED         seed of everything random here (kill moments, sizes, sink delays); printed,
 *                      so that a run can be repeated (n8n's own timing still varies)
 *   CRASH_RATE         new faxes per second while n8n is up (4); the arrival clock pauses while
 *                      n8n is down, retries do not
 *   CRASH_CONCURRENCY  deliveries in flight at most (8)
 *   CRASH_KILL_SPREAD_MS  each kill comes 0–this many ms after a delivery attempt starts (300)
 *   CRASH_TIMEOUT_MS   a delivery without an answer this long is retried (10000)
 *   CRASH_MAX_TRIES    attempts per fax (30); CRASH_GIVE_UP_S: seconds after the first (600)
 *   CRASH_SINK_MIN_MS, CRASH_SINK_MAX_MS   the sink's delay (200, 800)
 *   CRASH_LOG_LEVEL    n8n's log level (info); n8n's output goes to <out>/n8n.log as JSON lines
 *   CRASH_OUT          folder for n8n.log and report.json (default: a new temp folder, printed)
 *   CRASH_KEEP=1       keep n8n's user folder (database, binary files) for inspection
 *   N8N_E2E_MAJOR      the pinned n8n to run (2)
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import http from 'http';
import { tmpdir } from 'os';
import path from 'path';

import { N8N_MAJOR, N8nInstance } from '../e2e/support/n8nHarness';

// The sender signs with the built package, as a user's n8n would verify with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { phaxioWebhook } = require('../../dist/nodes/FaxSimulator/phaxioWebhook.js') as {
	phaxioWebhook(options: {
		url: string;
		webhookToken: string;
		event: 'fax.received';
		faxId: number;
		document: Buffer;
	}): { body: Buffer; headers: Record<string, string> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { samplePdf } = require('../../dist/nodes/FaxSimulator/samplePdf.js') as {
	samplePdf(text: string, paddingBytes?: number): Buffer;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE24_BIN } = require('../e2e/n8n.js') as { NODE24_BIN: string };

jest.setTimeout(40 * 60_000);

const env = (name: string, fallback: number) => {
	const value = process.env[name];
	return value === undefined || value === '' ? fallback : Number(value);
};
const ACK = process.env.CRASH_ACK || 'whenFinished';
const TRIGGER_VERSION = Number(process.env.CRASH_TRIGGER_VERSION || 2);
const FAXES = env('CRASH_FAXES', 300);
const KILLS = env('CRASH_KILLS', 5);
const SEED = env('CRASH_SEED', Math.floor(Math.random() * 2 ** 31));
const RATE = env('CRASH_RATE', 4);
const CONCURRENCY = env('CRASH_CONCURRENCY', 8);
const TIMEOUT_MS = env('CRASH_TIMEOUT_MS', 10_000);
const MAX_TRIES = env('CRASH_MAX_TRIES', 30);
const GIVE_UP_MS = env('CRASH_GIVE_UP_S', 600) * 1000;
const RETRY_CAP_MS = 16_000;
const KILL_SPREAD_MS = env('CRASH_KILL_SPREAD_MS', 300);
const SINK_MIN_MS = env('CRASH_SINK_MIN_MS', 200);
const SINK_MAX_MS = env('CRASH_SINK_MAX_MS', 800);
const LOG_LEVEL = process.env.CRASH_LOG_LEVEL || 'info';
const KEEP = process.env.CRASH_KEEP === '1';

const TOKEN = 'crash-phaxio-webhook-token';
const WORKFLOW_ID = 'faxCrashTestWf01';
const WEBHOOK_ID = 'c4a5b0de-0000-4000-8000-0000000c4a51';
const TRIGGER = 'Phaxio Trigger';
const RETRYABLE_STATUSES = new Set(['crashed', 'error', 'new', 'running', 'unknown', 'waiting']);

/** mulberry32: small, seedable, good enough for picking moments and sizes. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rng = random(SEED);
const between = (low: number, high: number) => low + (high - low) * rng();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const log = (message: string) => process.stderr.write(`[crash ${elapsed()}] ${message}\n`);
const runStarted = Date.now();
/** Set when the test ends early: deliveries stop retrying. */
let aborting = false;
const elapsed = () => `${((Date.now() - runStarted) / 1000).toFixed(1).padStart(6)}s`;

// ---------------------------------------------------------------------------------------------
// The sink: the slow service the workflow hands each fax to.

interface Receipt {
	faxId: string;
	sha256: string;
	executionId: string;
	at: number;
}

class Sink {
	readonly receipts: Receipt[] = [];
	inFlight = 0;
	lastActivity = Date.now();
	private server?: http.Server;
	private readonly delay = random(SEED ^ 0x5eed);

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			this.inFlight++;
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.receipts.push({
					faxId: String(req.headers['x-fax-id'] ?? ''),
					sha256: sha256(Buffer.concat(chunks)),
					executionId: String(req.headers['x-execution-id'] ?? ''),
					at: Date.now(),
				});
				this.lastActivity = Date.now();
				const wait = SINK_MIN_MS + (SINK_MAX_MS - SINK_MIN_MS) * this.delay();
				setTimeout(() => {
					res.writeHead(200, { 'content-type': 'application/json' }).end('{"stored":true}');
					this.inFlight--;
					this.lastActivity = Date.now();
				}, wait);
			});
			req.on('error', () => {
				this.inFlight--;
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/fax`;
	}

	async stop() {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

// ---------------------------------------------------------------------------------------------
// The sender: Phaxio, in seconds.

interface Attempt {
	/** ms since the run started */
	at: number;
	ms: number;
	status?: number;
	body?: string;
	error?: string;
}

interface Fax {
	id: string;
	sha256: string;
	size: number;
	request: { body: Buffer; headers: Record<string, string> };
	attempts: Attempt[];
	acknowledged: boolean;
	gaveUp: boolean;
	settled: boolean;
}

class Semaphore {
	private waiting: Array<() => void> = [];
	constructor(private free: number) {}
	async take() {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}
	give() {
		const next = this.waiting.shift();
		if (next) next();
		else this.free++;
	}
}

function describeError(error: unknown): string {
	// fetch's errors come from another realm than jest's: no instanceof.
	const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
	if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError') return `timeout after ${TIMEOUT_MS} ms`;
	return failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? String(error);
}

class Sender {
	readonly faxes: Fax[] = [];
	inFlight = 0;
	private readonly slots = new Semaphore(CONCURRENCY);
	private attemptWaiters: Array<() => void> = [];

	constructor(private readonly url: string) {}

	newFax(index: number): Fax {
		const id = 710_000_000 + index;
		// Distinct documents of 5–60 KB, so that each fax has its own SHA-256.
		const document = samplePdf(`Crash test fax ${id} (seed ${SEED})`, Math.floor(between(5_000, 60_000)));
		const request = phaxioWebhook({ url: this.url, webhookToken: TOKEN, event: 'fax.received', faxId: id, document });
		const fax: Fax = {
			id: String(id),
			sha256: sha256(document),
			size: document.length,
			request,
			attempts: [],
			acknowledged: false,
			gaveUp: false,
			settled: false,
		};
		this.faxes.push(fax);
		return fax;
	}

	/** Delivers until a 2xx, like Phaxio: retries on anything else, then gives up. */
	async deliver(fax: Fax) {
		const first = Date.now();
		for (let attempt = 1; ; attempt++) {
			const result = await this.attempt(fax);
			if (result.status !== undefined && result.status >= 200 && result.status < 300) {
				fax.acknowledged = true;
				break;
			}
			const delay = Math.min(RETRY_CAP_MS, 1000 * 2 ** (attempt - 1));
			if (aborting || attempt >= MAX_TRIES || Date.now() + delay - first > GIVE_UP_MS) {
				fax.gaveUp = true;
				break;
			}
			await sleep(delay);
		}
		fax.settled = true;
	}

	/** Resolves when the next delivery attempt starts (or after `timeoutMs`). */
	async nextAttempt(timeoutMs: number) {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, timeoutMs);
			this.attemptWaiters.push(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	private async attempt(fax: Fax): Promise<Attempt> {
		await this.slots.take();
		this.inFlight++;
		const started = Date.now();
		const attempt: Attempt = { at: started - runStarted, ms: 0 };
		fax.attempts.push(attempt);
		for (const waiter of this.attemptWaiters.splice(0)) waiter();
		try {
			const response = await fetch(this.url, {
				method: 'POST',
				body: fax.request.body,
				headers: fax.request.headers,
				signal: AbortSignal.timeout(TIMEOUT_MS),
			});
			attempt.status = response.status;
			attempt.body = (await response.text()).slice(0, 160);
		} catch (error) {
			attempt.error = describeError(error);
		} finally {
			attempt.ms = Date.now() - started;
			this.inFlight--;
			this.slots.give();
		}
		return attempt;
	}
}

// ---------------------------------------------------------------------------------------------
// n8n's side: the workflow, and what n8n kept.

interface StoredExecution {
	id: string;
	status: string;
	mode: string;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
	dataError: string | null;
	items: Array<{ faxId: string; binaryId: string | null; inlineBytes: number; sha256: string | null }>;
}

function workflow(sinkUrl: string) {
	return {
		id: WORKFLOW_ID,
		name: 'Crash test: Phaxio fax → slow sink',
		nodes: [
			{
				id: 'c4a5b0de-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-fax.phaxioTrigger',
				typeVersion: TRIGGER_VERSION,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { events: ['fax.received'], settings: { acknowledge: ACK } },
				credentials: { phaxioApi: { id: 'faxCrashPhxCred1', name: 'phaxioApi' } },
			},
			{
				id: 'c4a5b0de-0000-4000-8000-000000000002',
				name: 'Post to Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: sinkUrl,
					sendHeaders: true,
					headerParameters: {
						parameters: [
							{ name: 'x-fax-id', value: '={{ $json.faxId }}' },
							{ name: 'x-execution-id', value: '={{ $execution.id }}' },
						],
					},
					sendBody: true,
					contentType: 'binaryData',
					inputDataFieldName: 'data',
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Post to Sink', type: 'main', index: 0 }]] },
		},
	};
}

function readExecutions(userFolder: string): StoredExecution[] {
	const n8nFolder = path.resolve(__dirname, `../e2e/runtime/n8n-${N8N_MAJOR}`);
	const result = spawnSync(
		path.join(NODE24_BIN, 'node'),
		['--no-warnings', path.join(__dirname, 'readExecutions.js'), userFolder, n8nFolder],
		{ encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
	);
	if (result.status !== 0) throw new Error(`Reading n8n's executions failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as StoredExecution[];
}

type DocumentState = 'ok' | 'moved' | 'missing' | 'different' | 'no binary id';

/**
 * Whether the file a saved binary id points at is there with the fax's bytes. `moved`: the
 * reference still names the `temp` folder of a run whose file n8n had already moved to the
 * execution's own folder (restoreBinaryDataId, when the run finished) before the kill came and
 * the final save did not: the saved execution points at nothing.
 */
function documentState(userFolder: string, binaryId: string | null, expectedSha: string, executionId: string): DocumentState {
	if (!binaryId) return 'no binary id';
	const [mode, location] = binaryId.split(/:(.*)/s);
	if (!mode.startsWith('filesystem') || !location) return 'no binary id';
	const file = path.join(userFolder, '.n8n/storage', location);
	if (existsSync(file)) return sha256(readFileSync(file)) === expectedSha ? 'ok' : 'different';
	const moved = path.join(userFolder, '.n8n/storage', location.replace('/executions/temp/', `/executions/${executionId}/`));
	return existsSync(moved) ? 'moved' : 'missing';
}

// ---------------------------------------------------------------------------------------------

interface Kill {
	at: number;
	time: string;
	afterFaxes: number;
	deliveriesInFlight: number;
	sinkInFlight: number;
	restartMs: number;
}

type Outcome = 'delivered' | 'retryable' | 'lost' | 'unacknowledged';

describe(`n8n ${N8N_MAJOR}.x killed while faxes arrive (acknowledge: ${ACK})`, () => {
	const outDir = process.env.CRASH_OUT
		? path.resolve(process.env.CRASH_OUT)
		: mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-crash-'));
	mkdirSync(outDir, { recursive: true });
	const sink = new Sink();
	let n8n: N8nInstance | undefined;
	// Interrupted (Ctrl-C, a CI timeout): n8n runs in its own process group, kill it too.
	const killN8n = () => {
		const pid = n8n?.pid;
		if (!pid) return;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	const onSignal = () => {
		killN8n();
		process.exit(130);
	};
	process.once('exit', killN8n);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	afterAll(async () => {
		// Everything started here stops here, even on failure.
		aborting = true;
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		if (n8n) {
			if (KEEP) {
				await n8n.stop();
				log(`n8n user folder kept: ${n8n.userFolder}`);
			} else {
				await n8n.dispose();
			}
		}
		await sink.stop();
	});

	it('loses and duplicates no fax', async () => {
		log(
			`seed ${SEED}, ${FAXES} faxes, ${KILLS} kills, acknowledge ${ACK}, ${RATE}/s, ${CONCURRENCY} in flight, ` +
				`timeout ${TIMEOUT_MS} ms, output in ${outDir}`,
		);
		const sinkUrl = await sink.start();
		n8n = await N8nInstance.launch({
			logFile: path.join(outDir, 'n8n.log'),
			env: { N8N_LOG_LEVEL: LOG_LEVEL, N8N_LOG_FORMAT: 'json' },
			credentials: [
				{
					id: 'faxCrashPhxCred1',
					name: 'phaxioApi',
					type: 'phaxioApi',
					data: { apiKey: 'key', apiSecret: 'secret', webhookToken: TOKEN, baseUrl: 'http://127.0.0.1:9/v2.1' },
				},
			],
			workflows: [workflow(sinkUrl)],
		});
		const instance = n8n;
		await instance.activate(WORKFLOW_ID);
		const url = instance.webhookUrl(WEBHOOK_ID, 'phaxio');
		await instance.waitForWebhook(url);
		log(`n8n up (pid ${instance.pid}), webhook ${url}`);

		const sender = new Sender(url);
		const deliveries: Array<Promise<void>> = [];
		const kills: Kill[] = [];
		// Kill k happens once a random number of faxes in stratum k has arrived: spread over the
		// arrivals, never two in the same stretch, always with deliveries under way.
		const killAfter = Array.from({ length: KILLS }, (_, k) => Math.floor((FAXES * (k + between(0.15, 0.85))) / KILLS));
		const killDelay = killAfter.map(() => between(0, KILL_SPREAD_MS));
		log(`kills after fax ${killAfter.map((n, k) => `${n}, ${Math.round(killDelay[k])} ms into the next delivery`).join('; ')}`);

		let up = true;
		let arrived = 0;
		let upClock = 0; // ms of arrival time spent while n8n was up
		let lastTick = Date.now();
		const interval = 1000 / RATE;
		while (arrived < FAXES || kills.length < KILLS) {
			const now = Date.now();
			if (up) upClock += now - lastTick;
			lastTick = now;
			while (arrived < FAXES && arrived * interval <= upClock) {
				const fax = sender.newFax(arrived++);
				deliveries.push(sender.deliver(fax));
			}
			const next = kills.length;
			if (next < KILLS && arrived >= killAfter[next]) {
				// A random moment inside a delivery: the next attempt to start, killed a random
				// 0–KILL_SPREAD_MS later (other deliveries and runs are under way too).
				await sender.nextAttempt(10_000);
				await sleep(killDelay[next]);
				const kill: Kill = {
					at: Date.now() - runStarted,
					time: new Date().toISOString(),
					afterFaxes: arrived,
					deliveriesInFlight: sender.inFlight,
					sinkInFlight: sink.inFlight,
					restartMs: 0,
				};
				await instance.crash();
				up = false;
				log(`SIGKILL ${next + 1}/${KILLS} after ${arrived} faxes: ${kill.deliveriesInFlight} deliveries and ${kill.sinkInFlight} sink posts in flight`);
				const restart = Date.now();
				await instance.start();
				await instance.waitForWebhook(url);
				kill.restartMs = Date.now() - restart;
				kills.push(kill);
				lastTick = Date.now();
				up = true;
				log(`n8n back after ${(kill.restartMs / 1000).toFixed(1)} s (pid ${instance.pid})`);
				continue;
			}
			await sleep(Math.min(interval, 50));
		}
		log(`all ${FAXES} faxes arrived; waiting for deliveries to settle`);
		const progress = setInterval(() => {
			const settled = sender.faxes.filter((fax) => fax.settled).length;
			log(`${settled}/${FAXES} settled, ${sender.inFlight} in flight, sink ${sink.receipts.length} received`);
		}, 15_000);
		try {
			await Promise.all(deliveries);
		} finally {
			clearInterval(progress);
		}
		// n8n idle: nothing posting to the sink for a while.
		while (sink.inFlight > 0 || Date.now() - sink.lastActivity < 5000) await sleep(250);
		log('sink quiet; last restart so that n8n marks what it was running as crashed');
		await instance.restart();
		await sleep(2000);
		await instance.stop();

		// ------------------------------------------------------------------ classify
		const executions = readExecutions(instance.userFolder);
		const sent = new Map(sender.faxes.map((fax) => [fax.id, fax]));
		const byFax = new Map<string, Array<StoredExecution & { document: DocumentState }>>();
		const documentStates: Record<string, number> = {};
		for (const execution of executions) {
			for (const item of execution.items) {
				const expected = sent.get(item.faxId)?.sha256 ?? '';
				const document = documentState(instance.userFolder, item.binaryId, expected, execution.id);
				if (execution.status !== 'success') {
					const key = `${execution.status} ${document}`;
					documentStates[key] = (documentStates[key] ?? 0) + 1;
				}
				const list = byFax.get(item.faxId) ?? [];
				list.push({ ...execution, document });
				byFax.set(item.faxId, list);
			}
		}
		const receiptsByFax = new Map<string, Receipt[]>();
		for (const receipt of sink.receipts) {
			const list = receiptsByFax.get(receipt.faxId) ?? [];
			list.push(receipt);
			receiptsByFax.set(receipt.faxId, list);
		}

		const outcomes: Record<Outcome, Fax[]> = { delivered: [], retryable: [], lost: [], unacknowledged: [] };
		const duplicated: Fax[] = [];
		const repeatedInOneExecution: Fax[] = [];
		const neverAcknowledged: Fax[] = [];
		const lossCause = new Map<string, string>();
		const duplicateCause = new Map<string, string>();
		for (const fax of sender.faxes) {
			const good = (receiptsByFax.get(fax.id) ?? []).filter((receipt) => receipt.sha256 === fax.sha256);
			const executionIds = new Set(good.map((receipt) => receipt.executionId));
			if (executionIds.size > 1) {
				duplicated.push(fax);
				duplicateCause.set(fax.id, causeOfDuplicate(good, byFax.get(fax.id) ?? [], kills));
			}
			else if (good.length > 1) repeatedInOneExecution.push(fax);
			if (!fax.acknowledged) neverAcknowledged.push(fax);
			const retryable = (byFax.get(fax.id) ?? []).some(
				(execution) => RETRYABLE_STATUSES.has(execution.status) && execution.document === 'ok',
			);
			const outcome: Outcome =
				good.length > 0 ? 'delivered' : retryable ? 'retryable' : fax.acknowledged ? 'lost' : 'unacknowledged';
			outcomes[outcome].push(fax);
			if (outcome === 'lost') lossCause.set(fax.id, causeOfLoss(fax, byFax.get(fax.id) ?? []));
		}

		const rerun = executions.filter((execution) => rerunAtStartup(execution, kills));
		const statusCounts: Record<string, number> = {};
		for (const execution of executions) statusCounts[execution.status] = (statusCounts[execution.status] ?? 0) + 1;
		const causes: Record<string, number> = {};
		for (const cause of lossCause.values()) causes[cause] = (causes[cause] ?? 0) + 1;
		const duplicateCauses: Record<string, number> = {};
		for (const cause of duplicateCause.values()) duplicateCauses[cause] = (duplicateCauses[cause] ?? 0) + 1;
		const attempts = sender.faxes.reduce((sum, fax) => sum + fax.attempts.length, 0);
		const rows: Array<[string, string | number]> = [
			['n8n', `${N8N_MAJOR}.x (${readN8nVersion()})`],
			['acknowledge (CRASH_ACK)', ACK],
			['trigger version (CRASH_TRIGGER_VERSION)', TRIGGER_VERSION],
			['seed (CRASH_SEED)', SEED],
			['faxes sent', sender.faxes.length],
			['kills (SIGKILL)', kills.length],
			['delivered', outcomes.delivered.length],
			['retryable (in n8n, not delivered)', outcomes.retryable.length],
			['lost', outcomes.lost.length],
			['never acknowledged (sender gave up)', neverAcknowledged.length],
			['  of which undelivered, not retryable', outcomes.unacknowledged.length],
			['duplicated (two executions)', duplicated.length],
			['repeated in one execution', repeatedInOneExecution.length],
			['deliveries attempted', attempts],
			['sink posts received', sink.receipts.length],
			['executions by status', Object.entries(statusCounts).map(([status, count]) => `${status} ${count}`).join(', ')],
			['  re-run by n8n at start-up (new when killed)', rerun.length],
			[
				'unfinished executions: document',
				Object.entries(documentStates).map(([state, count]) => `${state} ${count}`).join(', ') || '-',
			],
			['losses by cause', Object.entries(causes).map(([cause, count]) => `${cause} ${count}`).join(', ') || '-'],
			[
				'duplicates by cause',
				Object.entries(duplicateCauses).map(([cause, count]) => `${cause} ${count}`).join(', ') || '-',
			],
			['restart time (s)', kills.map((kill) => (kill.restartMs / 1000).toFixed(1)).join(', ') || '-'],
			['run time', `${((Date.now() - runStarted) / 1000).toFixed(0)} s`],
		];
		const width = Math.max(...rows.map(([label]) => label.length));
		const table = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
		process.stdout.write(`\nCrash test result\n${table}\n`);

		const detail = (fax: Fax) => ({
			faxId: fax.id,
			outcome: (Object.keys(outcomes) as Outcome[]).find((key) => outcomes[key].includes(fax)),
			cause: lossCause.get(fax.id) ?? duplicateCause.get(fax.id),
			sha256: fax.sha256,
			attempts: fax.attempts,
			sink: receiptsByFax.get(fax.id) ?? [],
			executions: (byFax.get(fax.id) ?? []).map(({ id, status, createdAt, stoppedAt, document }) => ({ id, status, createdAt, stoppedAt, document })),
		});
		const troubled = [...new Set([...outcomes.lost, ...duplicated])];
		if (troubled.length > 0) process.stdout.write('\nLost or duplicated faxes (all details in report.json):\n');
		for (const fax of troubled) process.stdout.write(`${briefly(detail(fax))}\n`);
		writeFileSync(
			path.join(outDir, 'report.json'),
			JSON.stringify(
				{
					runStartedAt: new Date(runStarted).toISOString(),
					settings: { ACK, FAXES, KILLS, SEED, RATE, CONCURRENCY, TIMEOUT_MS, MAX_TRIES, GIVE_UP_MS, SINK_MIN_MS, SINK_MAX_MS },
					table: Object.fromEntries(rows),
					kills,
					faxes: sender.faxes.map(detail),
					executions: executions.map(({ items, ...execution }) => ({ ...execution, faxIds: items.map((item) => item.faxId) })),
				},
				null,
				1,
			),
		);
		log(`per-fax report: ${path.join(outDir, 'report.json')}`);

		expect(kills).toHaveLength(KILLS);
		expect({ lost: outcomes.lost.length, duplicated: duplicated.length }).toEqual({ lost: 0, duplicated: 0 });
	});
});

/**
 * Why an acknowledged fax is nowhere: answered 200 by n8n while it was starting (no trigger saw
 * it), answered as a duplicate by the trigger's ledger although no execution kept it (the ledger
 * recorded the delivery, the run never became durable), or acknowledged by a run n8n did not keep.
 */
function causeOfLoss(fax: Fax, executions: StoredExecution[]): string {
	const acknowledgements = fax.attempts.filter((attempt) => attempt.status !== undefined && attempt.status < 300);
	// n8n 2.x answers every request 200 "n8n is starting up. Please wait" between opening its port
	// and finishing its database migrations (AbstractServer.setupHealthCheck): no trigger ran.
	if (acknowledgements.some((attempt) => /n8n is starting up/i.test(attempt.body ?? ''))) {
		return 'n8n: answered 200 "n8n is starting up" before any trigger ran';
	}
	const asDuplicate = acknowledgements.filter((attempt) => /duplicate/i.test(attempt.body ?? ''));
	if (asDuplicate.length === acknowledgements.length) return 'ledger: acknowledged as a duplicate, no run kept';
	if (executions.length > 0) return 'run kept without its document';
	return 'n8n: run acknowledged, not kept';
}

/**
 * Why one fax reached the sink from two executions: the first run posted it and n8n died before
 * that run's 2xx was written (the run crashed, or had finished and was saved), so the provider's
 * retry started another.
 */
function causeOfDuplicate(receipts: Receipt[], executions: StoredExecution[], kills: Kill[]): string {
	const first = [...receipts].sort((a, b) => a.at - b.at)[0];
	const execution = executions.find((candidate) => candidate.id === first.executionId);
	if (execution && rerunAtStartup(execution, kills)) {
		return 'n8n re-ran a run it had not started (status new) at start-up, and the retry ran again';
	}
	const status = execution?.status ?? 'not kept';
	if (status === 'crashed') return 'first run posted, then crashed; the retry ran again';
	if (status === 'success') return 'first run finished, killed before its 2xx; the retry ran again';
	return `first run ${status}; the retry ran again`;
}

const sqliteTime = (text: string | null) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN);

/**
 * A row created before a kill but started after it: n8n 2.x runs every execution still `new`
 * when it starts (EnqueuedExecutionRecoveryService.recoverEnqueuedExecutions, regular mode).
 */
function rerunAtStartup(execution: StoredExecution, kills: Kill[]): boolean {
	const created = sqliteTime(execution.createdAt);
	const started = sqliteTime(execution.startedAt);
	return kills.some((kill) => {
		const at = Date.parse(kill.time);
		return created < at && at < started;
	});
}

/** One line per fax for the console: attempts as "time result", sink and executions by id. */
function briefly(detail: {
	faxId: string;
	outcome?: string;
	cause?: string;
	attempts: Attempt[];
	sink: Receipt[];
	executions: Array<{ id: string; status: string; document: string }>;
}): string {
	const attempts = detail.attempts
		.map((attempt) => {
			const result = attempt.status !== undefined ? String(attempt.status) : attempt.error;
			const duplicate = /duplicate/.test(attempt.body ?? '') ? ' duplicate' : '';
			return `${(attempt.at / 1000).toFixed(1)}s ${result}${duplicate} (${attempt.ms} ms)`;
		})
		.join(', ');
	const sink = detail.sink.map((receipt) => `execution ${receipt.executionId}`).join(', ') || 'nothing';
	const executions = detail.executions.map((execution) => `${execution.id} ${execution.status} (document ${execution.document})`).join(', ') || 'none';
	return `  fax ${detail.faxId}: ${detail.outcome}${detail.cause ? ` – ${detail.cause}` : ''}\n    attempts: ${attempts}\n    sink: ${sink}; executions: ${executions}`;
}

function readN8nVersion(): string {
	try {
		const file = path.resolve(__dirname, `../e2e/runtime/n8n-${N8N_MAJOR}/node_modules/n8n/package.json`);
		return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}
