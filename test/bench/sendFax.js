// @ts-check
/**
 * Memory a fax send adds, per document size: the Phaxio node's Send runs in-process on a PDF
 * held in a filesystem binary data store (as n8n 2.x keeps binaries), its multipart body streamed
 * over HTTP, as n8n's axios does, to a provider stand-in in another process. Two figures over the
 * document size: the peak added memory (heap + array buffers, sampled every 2 ms above a post-GC
 * baseline; it includes chunks already sent but not yet collected), and the live memory while the
 * document streams (sampled after a full GC every megabyte: what the send really holds). The goal
 * is a peak ≤ 1.2×. Run with `npm run bench` (after a build).
 */
const { fork } = require('child_process');
const { createReadStream } = require('fs');
const { mkdtemp, rm, writeFile } = require('fs/promises');
const { request } = require('http');
const { tmpdir } = require('os');
const path = require('path');
const { Readable, Transform } = require('stream');

const { Phaxio } = require('../../dist/nodes/Phaxio/Phaxio.node.js');
const { samplePdf } = require('../../dist/nodes/FaxSimulator/samplePdf.js');
const { median, percentile, formatTable } = require('./stats.js');

const RUNS = 9;
const SIZES = [
	{ label: '1 MB', bytes: 1024 * 1024 },
	{ label: '20 MB', bytes: 20 * 1024 * 1024 },
];

/** A Phaxio stand-in in its own process: it drains the upload and answers like Phaxio. */
function startSink() {
	const source = `
		const { createServer } = require('http');
		const server = createServer((req, res) => {
			let size = 0;
			req.on('data', (chunk) => { size += chunk.length; });
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				if (req.method === 'POST') return res.end(JSON.stringify({ success: true, message: 'queued', data: { id: 1 }, received: size }));
				res.end(JSON.stringify({ success: true, data: { id: 1, direction: 'sent', status: 'queued', recipients: [{ phone_number: '+15551234567', status: 'queued' }] } }));
			});
		});
		server.listen(0, '127.0.0.1', () => process.send(server.address().port));
	`;
	const child = fork('-e', [source], { execArgv: [], stdio: 'ignore' });
	return new Promise((resolve) => child.once('message', (port) => resolve({ child, baseUrl: `http://127.0.0.1:${port}/v2.1` })));
}

/** n8n's httpRequestWithAuthentication as far as a send needs it: Basic auth, the body piped. */
function httpRequestWithAuthentication(_type, options) {
	return new Promise((resolve, reject) => {
		const url = new URL(options.url);
		const headers = { ...options.headers, authorization: `Basic ${Buffer.from('key:secret').toString('base64')}` };
		const outgoing = request(url, { method: options.method, headers }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
		});
		outgoing.on('error', reject);
		if (options.body instanceof Readable) options.body.pipe(outgoing);
		else outgoing.end(options.body ? JSON.stringify(options.body) : undefined);
	});
}

/** Live memory above the baseline, sampled after a full GC every megabyte of the document read. */
const live = { enabled: false, baseline: 0, peak: 0 };
function sampledAfterGc(stream) {
	let sinceSample = 0;
	return stream.pipe(
		new Transform({
			transform(chunk, _encoding, callback) {
				sinceSample += chunk.length;
				if (live.enabled && sinceSample >= 1024 * 1024) {
					sinceSample = 0;
					global.gc?.();
					live.peak = Math.max(live.peak, held() - live.baseline);
				}
				callback(null, chunk);
			},
		}),
	);
}

function executeContext(baseUrl, filePath, size) {
	const binary = { id: 'filesystem-v2:bench', data: 'filesystem-v2', mimeType: 'application/pdf', fileName: 'bench.pdf' };
	const parameters = { resource: 'fax', operation: 'send', to: '+15551234567', binaryPropertyName: 'data', additionalFields: {} };
	const node = { id: '1', name: 'Phaxio', type: 'n8n-nodes-fax.phaxio', typeVersion: 1, position: [0, 0], parameters };
	return {
		getNode: () => node,
		getInputData: () => [{ json: {}, binary: { data: binary } }],
		continueOnFail: () => false,
		getNodeParameter: (name, _index, fallback) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => ({ apiKey: 'key', apiSecret: 'secret', baseUrl }),
		helpers: {
			httpRequestWithAuthentication,
			assertBinaryData: () => binary,
			getBinaryMetadata: async () => ({ fileName: 'bench.pdf', mimeType: 'application/pdf', fileSize: size }),
			getBinaryStream: async () => sampledAfterGc(createReadStream(filePath, { highWaterMark: 64 * 1024 })),
		},
	};
}

const held = () => {
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
};

/** One send: its peak added memory, or (with `liveSampling`) the live memory while it streams. */
async function peakAddedMemory(context, liveSampling = false) {
	if (!global.gc) throw new Error('Run with node --expose-gc');
	global.gc();
	const baseline = held();
	Object.assign(live, { enabled: liveSampling, baseline, peak: 0 });
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, held());
	}, 2);
	await new Phaxio().execute.call(context);
	peak = Math.max(peak, held());
	clearInterval(sampler);
	return { peak: peak - baseline, live: live.peak };
}

async function main() {
	const sink = await startSink();
	const directory = await mkdtemp(path.join(tmpdir(), 'fax-bench-'));
	const rows = [];
	try {
		for (const size of SIZES) {
			const document = samplePdf('benchmark', size.bytes);
			const filePath = path.join(directory, `${size.bytes}.pdf`);
			await writeFile(filePath, document);
			const context = executeContext(sink.baseUrl, filePath, document.length);
			await peakAddedMemory(context); // warm-up
			const peaks = [];
			const lives = [];
			for (let run = 0; run < RUNS; run++) {
				peaks.push((await peakAddedMemory(context)).peak / document.length);
				lives.push((await peakAddedMemory(context, true)).live / document.length);
			}
			const ratio = (value) => `${value.toFixed(3)}×`;
			rows.push([
				size.label,
				ratio(median(peaks)),
				ratio(Math.min(...peaks)),
				ratio(percentile(peaks, 0.9)),
				ratio(Math.max(...peaks)),
				ratio(median(lives)),
				ratio(Math.max(...lives)),
			]);
		}
	} finally {
		sink.child.kill();
		await rm(directory, { recursive: true, force: true });
	}
	console.log(`\nFax send (Phaxio node, document streamed from the binary store): added memory / document size, ${RUNS} runs\n`);
	console.log(formatTable(['document', 'peak median', 'min', 'p90', 'max', 'live median', 'live max'], rows));
	console.log('\nGoal: ≤ 1.2× (a send that buffered the document and its multipart body would hold about 2×).');
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
