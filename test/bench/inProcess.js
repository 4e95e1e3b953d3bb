// @ts-check
/**
 * In-process cost of the Phaxio Trigger's road (read the multipart stream, verify the signature,
 * parse and normalize, hand the document to n8n) against the floor any verifier pays: SHA-1 of
 * the file plus the HMAC over the signed string. Also the memory the road adds per in-flight
 * document, compared to the document's size. Run with `npm run bench` (after a build).
 */
const { createHash, createHmac } = require('crypto');
const { Readable } = require('stream');

const dist = (path) => require(`../../dist/nodes/${path}`);
const { handleFaxWebhook } = dist('FaxCore/handleFaxWebhook.js');
const { phaxioAdapter } = dist('Phaxio/phaxioAdapter.js');
const { sinchAdapter } = dist('SinchFax/sinchAdapter.js');
const { sinchWebhook } = dist('FaxSimulator/sinchWebhook.js');
const { phaxioWebhookFields } = dist('FaxSimulator/phaxioWebhook.js');
const { multipartBody } = dist('FaxSimulator/multipartBody.js');
const { samplePdf } = dist('FaxSimulator/samplePdf.js');
const { computePhaxioSignature, phaxioSignedString } = dist('Phaxio/phaxioSignature.js');
const { median, percentile, formatTable } = require('./stats.js');

/** The middle half of the per-round ratios (each round measures both back to back): the spread. */
const spread = (values, references) => {
	const ratios = values.map((value, index) => value / references[index]);
	return `${percentile(ratios, 0.25).toFixed(2)}–${percentile(ratios, 0.75).toFixed(2)}`;
};

const TOKEN = 'bench-token';
const SINCH_USER = 'bench-user';
const SINCH_PASSWORD = 'bench-password';
const URL = 'https://n8n.example.com/webhook/bench/phaxio';
const SOCKET_CHUNK = 64 * 1024;
const SIZES = [
	{ label: '100 KB', bytes: 100 * 1024, repeats: 301 },
	{ label: '1 MB', bytes: 1024 * 1024, repeats: 101 },
	{ label: '20 MB', bytes: 20 * 1024 * 1024, repeats: 15 },
];

/** Every delivery a new fax, so that the duplicate ledger lets each one through. */
let nextFaxId = 1;

function signedRequest(document) {
	const fields = phaxioWebhookFields({ url: URL, webhookToken: TOKEN, event: 'fax.received', faxId: nextFaxId++ });
	const sha1 = createHash('sha1').update(document).digest('hex');
	const signature = computePhaxioSignature(TOKEN, URL, fields, [{ fieldName: 'file', sha1 }]);
	const encoded = multipartBody(fields, [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: document }]);
	return { fields, body: encoded.body, headers: { 'content-type': encoded.contentType, 'x-phaxio-signature': signature } };
}

/** The body as a socket delivers it: fresh 64 KB buffers. */
function requestStream(request, path = '/webhook/bench/phaxio') {
	const chunks = [];
	for (let offset = 0; offset < request.body.length; offset += SOCKET_CHUNK) {
		chunks.push(Buffer.from(request.body.subarray(offset, offset + SOCKET_CHUNK)));
	}
	const stream = Readable.from(chunks, { objectMode: false });
	return Object.assign(stream, { headers: request.headers, originalUrl: path, url: path });
}

/** The parts of n8n's webhook context the road uses; the document stream is drained as n8n's store would. */
function context(req, onDocument) {
	const response = { headersSent: false, status: () => response, json: () => response };
	return {
		getRequestObject: () => req,
		getResponseObject: () => response,
		getNodeParameter: (name, fallback) => (name === 'events' ? ['fax.received'] : name === 'settings' ? {} : fallback),
		getCredentials: async () => ({ webhookToken: TOKEN, webhookUsername: SINCH_USER, webhookPassword: SINCH_PASSWORD }),
		getNodeWebhookUrl: () => URL,
		getNode: () => ({ id: 'bench', name: 'Phaxio Trigger' }),
		getWorkflow: () => ({ id: 'bench' }),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			async prepareBinaryData(stream, fileName, mimeType) {
				onDocument();
				let size = 0;
				for await (const chunk of stream) size += chunk.length;
				return { data: '', fileName, mimeType, fileSize: String(size) };
			},
		},
	};
}

/**
 * The request a version-2 trigger gets: n8n has read the body and parsed the JSON before the node
 * runs (its cost, the same for n8n's own Webhook node), leaving `rawBody` and `body`.
 */
function parsedByN8n(request, path = '/webhook/bench/sinch') {
	return Object.assign(Readable.from([]), {
		headers: request.headers,
		originalUrl: path,
		url: path,
		rawBody: request.body,
		body: JSON.parse(request.body.toString('utf8')),
	});
}

async function roadOnce(req, adapter = phaxioAdapter) {
	const start = process.hrtime.bigint();
	const result = await handleFaxWebhook(context(req, () => undefined), adapter);
	const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
	if (!result.workflowData) throw new Error('The benchmark request was refused');
	return elapsed;
}

function floorOnce(request, document) {
	const start = process.hrtime.bigint();
	const sha1 = createHash('sha1').update(document).digest('hex');
	createHmac('sha1', TOKEN).update(phaxioSignedString(URL, request.fields, [{ fieldName: 'file', sha1 }])).digest('hex');
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The item's document.sha256: work the road does on top of the floor, by design. */
function sha256Once(document) {
	const start = process.hrtime.bigint();
	createHash('sha256').update(document).digest('hex');
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Memory held when the document reaches n8n (the road's peak), above what was there before,
 * the request's own bytes included. Median of a few runs, each after a full GC.
 */
async function heldMemory(request) {
	if (!global.gc) throw new Error('Run with node --expose-gc');
	const samples = [];
	for (let run = 0; run < 5; run++) {
		const built = request();
		global.gc();
		const before = process.memoryUsage().arrayBuffers;
		let atPeak = 0;
		await handleFaxWebhook(context(requestStream(built), () => (atPeak = process.memoryUsage().arrayBuffers)), phaxioAdapter);
		samples.push(atPeak - before);
	}
	return median(samples);
}

async function main() {
	const rows = [];
	for (const size of SIZES) {
		const document = samplePdf('benchmark', size.bytes);
		const request = signedRequest(document);
		const road = [];
		const floor = [];
		const sha256 = [];
		for (let round = 0; round < size.repeats; round++) {
			floor.push(floorOnce(request, document));
			sha256.push(sha256Once(document));
			road.push(await roadOnce(requestStream(signedRequest(document))));
		}
		const held = await heldMemory(() => signedRequest(document));
		const floorWithSha256 = median(floor) + median(sha256);
		rows.push([
			size.label,
			median(floor).toFixed(3),
			floorWithSha256.toFixed(3),
			median(road).toFixed(3),
			`${(median(road) / median(floor)).toFixed(2)}× (${spread(road, floor)})`,
			`${(median(road) / floorWithSha256).toFixed(2)}× (${spread(road, floor.map((value, index) => value + sha256[index]))})`,
			`${(held / request.body.length).toFixed(2)}×`,
		]);
	}
	process.stdout.write('\nPhaxio Trigger in process: read + verify + normalize + attach, medians\n');
	process.stdout.write(
		`${formatTable(['document', 'floor ms', '+ SHA-256 ms', 'road ms', 'road / floor (p25–p75)', 'road / (floor + SHA-256) (p25–p75)', 'held / request size'], rows)}\n`,
	);
	process.stdout.write(
		'floor: SHA-1 of the file + HMAC over the signed string. + SHA-256: the floor plus the item\'s document.sha256.\n' +
			'held: buffers alive when the document reaches n8n, the request\'s own bytes included (1.0× = the request once, no second copy).\n',
	);
}

/**
 * The Sinch Fax Trigger's JSON road (basic auth, read and parse the JSON, check and decode the
 * base64 document, normalize, attach) against its floor: decoding the base64 and the item's
 * SHA-256.
 */
async function sinchRows() {
	const rows = [];
	let faxId = 0;
	for (const size of SIZES) {
		const document = samplePdf('benchmark', size.bytes);
		const request = () => sinchWebhook({ event: 'fax.received', faxId: `B${faxId++}`, document, username: SINCH_USER, password: SINCH_PASSWORD });
		const base64 = document.toString('base64');
		const road = [];
		const parsedRoad = [];
		const floor = [];
		for (let round = 0; round < size.repeats; round++) {
			// The requests are built first, and their building's garbage collected: it is the sender's
			// and n8n's work, not the road's. Each timed part still pays for the garbage of the one before.
			const streamed = requestStream(request());
			const parsed = parsedByN8n(request());
			global.gc?.();
			const parts = [
				async () => {
					const start = process.hrtime.bigint();
					createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
					floor.push(Number(process.hrtime.bigint() - start) / 1e6);
				},
				async () => road.push(await roadOnce(streamed, sinchAdapter)),
				async () => parsedRoad.push(await roadOnce(parsed, sinchAdapter)),
			];
			// Each goes first in a third of the rounds: the first after a collection runs on cold caches.
			for (let part = 0; part < parts.length; part++) await parts[(round + part) % parts.length]();
		}
		const ratio = (values) => `${(median(values) / median(floor)).toFixed(2)}× (${spread(values, floor)})`;
		rows.push([size.label, median(floor).toFixed(3), median(road).toFixed(3), ratio(road), median(parsedRoad).toFixed(3), ratio(parsedRoad)]);
	}
	process.stdout.write('\nSinch Fax Trigger in process: JSON with the document in base64, medians\n');
	process.stdout.write(
		`${formatTable(['document', 'floor ms', 'v1 road ms', 'v1 road / floor (p25–p75)', 'v2 road ms', 'v2 road / floor (p25–p75)'], rows)}\n`,
	);
	process.stdout.write(
		'floor: decoding the base64 and the item\'s SHA-256 of the document. v1 reads and parses the body itself;\n' +
			'v2 (the default for new triggers) takes the JSON n8n parsed before the node ran, which n8n does for its own Webhook node too.\n',
	);
}

main()
	.then(sinchRows)
	.catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	});
