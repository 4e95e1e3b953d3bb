// @ts-check
/**
 * Throughput in a real n8n: bursts of signed 1 MB Phaxio faxes to the Phaxio Trigger (version 1,
 * which reads the raw request itself, and version 2, which reads what n8n parsed) against the
 * same bursts to n8n's own Webhook node (multipart files become binary data) in the same
 * instance, interleaved round by round; and Sinch JSON (base64) faxes of 1 MB to the Sinch Fax
 * Trigger, both versions. Requests/s, p50 and p99 latency, n8n's peak RSS while each target was
 * loaded, n8n's CPU time per request (saving the run included), and the ratio to the Webhook node with Header Auth (it reads a credential per request,
 * as the fax triggers do) with its spread over the rounds. Once per expression engine set-up in
 * BENCH_ENGINES (default, lazy isolate, pool, legacy); BENCH_TARGETS (phaxio, webhook, sinch)
 * narrows the targets, BENCH_CPU_PROFILE=<folder> profiles n8n.
 */
const { readFileSync, mkdtempSync, rmSync, writeFileSync } = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const { ensureN8n, installPackage, n8nCli, startN8n, log } = require('../e2e/n8n.js');
const { phaxioWebhook } = require('../../dist/nodes/FaxSimulator/phaxioWebhook.js');
const { sinchWebhook } = require('../../dist/nodes/FaxSimulator/sinchWebhook.js');
const { samplePdf } = require('../../dist/nodes/FaxSimulator/samplePdf.js');
const { percentile, formatTable } = require('./stats.js');

const MAJOR = Number(process.env.N8N_E2E_MAJOR ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 80);
const CONCURRENCY = 4;
const TOKEN = 'bench-phaxio-token';
/** n8n 2.x expression engine set-ups; n8n 1.123 has `vm` (its default) and `legacy`, but no lazy acquisition. */
const ENGINES = {
	default: { label: "n8n's default", env: {} },
	lazy: { label: 'default, isolate taken only for expressions (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true)', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
	pool: { label: 'default, 4 warm isolates (N8N_EXPRESSION_ENGINE_POOL_SIZE=4)', env: { N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' } },
	legacy: { label: 'legacy (N8N_EXPRESSION_ENGINE=legacy)', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};
const IDS = {
	phaxio: 'b1a0c0de-0000-4000-8000-0000000000a1',
	phaxio2: 'b1a0c0de-0000-4000-8000-0000000000b1',
	sinch: 'b1a0c0de-0000-4000-8000-0000000000a2',
	sinch2: 'b1a0c0de-0000-4000-8000-0000000000b2',
	webhook: 'b1a0c0de-0000-4000-8000-0000000000a3',
	webhookAuth: 'b1a0c0de-0000-4000-8000-0000000000a4',
};
const HEADER_AUTH = { name: 'x-bench-auth', value: 'bench-header-secret' };
/**
 * The Webhook node answers once the run has started (onReceived); the fax triggers do so with
 * Acknowledge Delivery "When the Run Starts" (their default waits for the workflow to finish).
 */
const SAME_ANSWER_AS_WEBHOOK_NODE = { acknowledge: 'whenReceived' };

/** Just enough of the Sinch API for activation: a token and fax services. */
function fakeSinchApi() {
	const services = new Map();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			res.setHeader('content-type', 'application/json');
			if (req.url === '/oauth2/token') return res.end(JSON.stringify({ access_token: 'bench', expires_in: 3600 }));
			const id = decodeURIComponent(String(req.url).split('/').pop());
			if (!services.has(id)) services.set(id, { id, name: id, incomingWebhookUrl: '', webhookContentType: 'application/json' });
			if (req.method === 'PATCH') Object.assign(services.get(id), JSON.parse(body));
			res.end(JSON.stringify(services.get(id)));
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** BENCH_CPU_PROFILE=<folder>: n8n writes a V8 CPU profile there when it stops (open it in Chrome DevTools). */
function cpuProfileEnv(engine) {
	const folder = process.env.BENCH_CPU_PROFILE;
	if (!folder) return {};
	return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(folder, engine)}` };
}

function freePort() {
	return new Promise((resolve) => {
		const server = http.createServer().listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** CPU time n8n's process has used so far (user + system), in ms. */
function cpuMs(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return NaN;
	}
}

function rssMb(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
}

/**
 * Sends `count` requests, `CONCURRENCY` at a time; returns latencies (ms) and wall time. The
 * requests are built (and signed) before the clock starts, so the sender's work does not compete
 * with n8n for the cores while it is measured.
 */
async function burst(count, makeRequest, url) {
	const requests = Array.from({ length: count }, () => makeRequest());
	const latencies = [];
	let next = 0;
	let failures = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < count) {
				const request = requests[next++];
				const sent = performance.now();
				const response = await fetch(url, { method: 'POST', body: request.body, headers: request.headers });
				await response.arrayBuffer();
				latencies.push(performance.now() - sent);
				if (response.status !== 200) failures++;
				if (failures === 1 && response.status !== 200) log(`${url} answered ${response.status}: ${(await response.text().catch(() => '')).slice(0, 200)}`);
			}
		}),
	);
	return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

async function measure(engine) {
	const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-bench-'));
	const sinchApi = await fakeSinchApi();
	const sinchBase = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (sinchApi.address()).port}`;
	const options = {
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		major: MAJOR,
		env: { ...ENGINES[engine].env, ...cpuProfileEnv(engine) },
	};
	let n8n;
	try {
		installPackage(userFolder);
		writeFileSync(
			path.join(userFolder, 'credentials.json'),
			JSON.stringify([
				{ id: 'benchPhaxioCred1', name: 'phaxio', type: 'phaxioApi', data: { apiKey: 'k', apiSecret: 's', webhookToken: TOKEN } },
				{ id: 'benchHeaderCred1', name: 'header', type: 'httpHeaderAuth', data: HEADER_AUTH },
				{
					id: 'benchSinchCred01',
					name: 'sinch',
					type: 'sinchFaxApi',
					data: { projectId: 'p', keyId: 'k', keySecret: 's', webhookUsername: 'u', webhookPassword: 'p', baseUrl: `${sinchBase}/v3`, authUrl: `${sinchBase}/oauth2/token` },
				},
			]),
		);
		const node = (id, name, type, typeVersion, parameters, credentials) => ({ id: `${id.slice(0, 30)}00001`, name, type, typeVersion, position: [0, 0], webhookId: id, parameters, credentials });
		const phaxioTrigger = (id, version) =>
			node(id, 'Phaxio Trigger', 'n8n-nodes-fax.phaxioTrigger', version, { events: ['fax.received'], settings: SAME_ANSWER_AS_WEBHOOK_NODE }, { phaxioApi: { id: 'benchPhaxioCred1', name: 'phaxio' } });
		const sinchTrigger = (id, version) =>
			node(
				id,
				'Sinch Fax Trigger',
				'n8n-nodes-fax.sinchFaxTrigger',
				version,
				{ serviceId: `svc-bench-${version}`, events: ['fax.received'], contentType: 'application/json', settings: SAME_ANSWER_AS_WEBHOOK_NODE },
				{ sinchFaxApi: { id: 'benchSinchCred01', name: 'sinch' } },
			);
		const workflows = [
			{ id: 'benchPhaxioFlow1', name: 'bench phaxio v1', nodes: [phaxioTrigger(IDS.phaxio, 1)] },
			{ id: 'benchPhaxioFlow2', name: 'bench phaxio v2', nodes: [phaxioTrigger(IDS.phaxio2, 2)] },
			{ id: 'benchSinchFlow01', name: 'bench sinch v1', nodes: [sinchTrigger(IDS.sinch, 1)] },
			{ id: 'benchSinchFlow02', name: 'bench sinch v2', nodes: [sinchTrigger(IDS.sinch2, 2)] },
			{ id: 'benchWebhookFlo1', name: 'bench webhook node', nodes: [node(IDS.webhook, 'Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: 'bench', responseMode: 'onReceived', options: {} })] },
			{
				id: 'benchWebhookFlo2',
				name: 'bench webhook node with header auth',
				nodes: [
					node(IDS.webhookAuth, 'Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: 'bench-auth', authentication: 'headerAuth', responseMode: 'onReceived', options: {} }, { httpHeaderAuth: { id: 'benchHeaderCred1', name: 'header' } }),
				],
			},
		].map((workflow) => ({ ...workflow, active: false, connections: {}, settings: { executionOrder: 'v1' } }));
		writeFileSync(path.join(userFolder, 'workflows.json'), JSON.stringify(workflows));
		n8nCli(options, ['import:credentials', `--input=${path.join(userFolder, 'credentials.json')}`]);
		n8nCli(options, ['import:workflow', `--input=${path.join(userFolder, 'workflows.json')}`]);
		for (const workflow of workflows) {
			n8nCli(options, MAJOR >= 2 ? ['publish:workflow', `--id=${workflow.id}`] : ['update:workflow', `--id=${workflow.id}`, '--active=true']);
		}
		n8n = await startN8n(options);
		const base = n8n.baseUrl;
		const urls = {
			phaxio: `${base}/webhook/${IDS.phaxio}/phaxio`,
			phaxio2: `${base}/webhook/${IDS.phaxio2}/phaxio`,
			sinch: `${base}/webhook/${IDS.sinch}/sinch`,
			sinch2: `${base}/webhook/${IDS.sinch2}/sinch`,
			// The Webhook node serves its path directly under /webhook/.
			webhook: `${base}/webhook/bench`,
			webhookAuth: `${base}/webhook/bench-auth`,
		};
		for (const url of Object.values(urls)) {
			for (let tries = 0; tries < 120 && (await fetch(url, { method: 'POST' })).status === 404; tries++) {
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}

		const document = samplePdf('throughput', 1024 * 1024);
		let faxId = 1;
		const targets = {
			'Phaxio Trigger v1 (1 MB multipart)': { url: urls.phaxio, make: () => phaxioWebhook({ url: urls.phaxio, webhookToken: TOKEN, event: 'fax.received', faxId: faxId++, document }) },
			'Phaxio Trigger v2 (1 MB multipart)': { url: urls.phaxio2, make: () => phaxioWebhook({ url: urls.phaxio2, webhookToken: TOKEN, event: 'fax.received', faxId: faxId++, document }) },
			'Webhook node (same requests)': { url: urls.webhook, make: () => phaxioWebhook({ url: urls.webhook, webhookToken: TOKEN, event: 'fax.received', faxId: faxId++, document }) },
			// What n8n itself charges a webhook that checks a credential: the read on every request,
			// and the credential access check on every execution.
			'Webhook node with Header Auth (same requests)': {
				url: urls.webhookAuth,
				make: () => {
					const request = phaxioWebhook({ url: urls.webhookAuth, webhookToken: TOKEN, event: 'fax.received', faxId: faxId++, document });
					return { ...request, headers: { ...request.headers, [HEADER_AUTH.name]: HEADER_AUTH.value } };
				},
			},
			'Sinch Fax Trigger v1 (1 MB JSON base64)': { url: urls.sinch, make: () => sinchWebhook({ event: 'fax.received', faxId: `B${faxId++}`, document, username: 'u', password: 'p' }) },
			'Sinch Fax Trigger v2 (1 MB JSON base64)': { url: urls.sinch2, make: () => sinchWebhook({ event: 'fax.received', faxId: `B${faxId++}`, document, username: 'u', password: 'p' }) },
		};
		const chosen = (process.env.BENCH_TARGETS ?? '').split(',').filter(Boolean);
		for (const name of Object.keys(targets)) {
			if (chosen.length > 0 && !chosen.some((word) => name.toLowerCase().startsWith(word.toLowerCase()))) delete targets[name];
		}
		const results = Object.fromEntries(Object.keys(targets).map((name) => [name, { latencies: [], seconds: 0, count: 0, failures: 0, peakRss: 0, roundRates: [], cpuMs: 0 }]));
		// Warm-up: JIT, connection pools, first executions.
		for (const target of Object.values(targets)) await burst(16, target.make, target.url);
		const names = Object.keys(targets);
		for (let round = 0; round < ROUNDS; round++) {
			// Each target goes first in turn, and every burst starts on an idle n8n (executions of
			// the previous burst saved), so no target inherits another's backlog.
			const order = names.map((_, index) => names[(index + round) % names.length]);
			for (const name of order) {
				const target = targets[name];
				await new Promise((resolve) => setTimeout(resolve, 1500));
				let peak = 0;
				const sampler = setInterval(() => (peak = Math.max(peak, rssMb(n8n.pid))), 50);
				const cpuBefore = cpuMs(n8n.pid);
				const outcome = await burst(PER_ROUND, target.make, target.url);
				// Until the executions of the burst are saved: their cost belongs to it.
				await new Promise((resolve) => setTimeout(resolve, 1000));
				const cpuUsed = cpuMs(n8n.pid) - cpuBefore;
				clearInterval(sampler);
				const result = results[name];
				result.latencies.push(...outcome.latencies);
				result.seconds += outcome.seconds;
				result.count += outcome.latencies.length;
				result.failures += outcome.failures;
				result.peakRss = Math.max(result.peakRss, peak);
				result.roundRates.push(outcome.latencies.length / outcome.seconds);
				result.cpuMs += cpuUsed;
			}
		}
		return results;
	} finally {
		await n8n?.stop();
		sinchApi.close();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * The ratio of the total rates, and its spread: the lowest and highest of the per-round ratios
 * (each round measures both targets back to back on the same idle n8n).
 */
function ratioAgainst(result, reference) {
	if (!reference) return 'n/a';
	const overall = result.count / result.seconds / (reference.count / reference.seconds);
	const perRound = result.roundRates.map((rate, round) => rate / reference.roundRates[round]);
	return `${overall.toFixed(2)}× (${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)})`;
}

async function main() {
	ensureN8n(MAJOR);
	for (const engine of (process.env.BENCH_ENGINES ?? 'default,lazy,legacy').split(',')) {
		if (!ENGINES[engine]) throw new Error(`BENCH_ENGINES: unknown "${engine}", expected ${Object.keys(ENGINES).join(', ')}`);
		log(`measuring n8n ${MAJOR}.x, expression engine ${engine}: ${ROUNDS} interleaved rounds of ${PER_ROUND} requests per target, ${CONCURRENCY} at a time…`);
		const results = await measure(engine);
		const rows = Object.entries(results).map(([name, result]) => [
			name,
			(result.count / result.seconds).toFixed(1),
			ratioAgainst(result, results['Webhook node with Header Auth (same requests)']),
			ratioAgainst(result, results['Webhook node (same requests)']),
			percentile(result.latencies, 0.5).toFixed(0),
			percentile(result.latencies, 0.99).toFixed(0),
			(result.cpuMs / result.count).toFixed(0),
			result.peakRss.toFixed(0),
			String(result.failures),
		]);
		process.stdout.write(`\nReal n8n ${MAJOR}.x, expression engine: ${ENGINES[engine].label}\n`);
		process.stdout.write(
			`${formatTable(['target', 'req/s', 'vs Webhook + Header Auth (spread)', 'vs open Webhook', 'p50 ms', 'p99 ms', 'n8n CPU ms/req', 'peak RSS MB', 'non-200'], rows)}\n`,
		);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
