import { createHash } from 'crypto';
import { existsSync } from 'fs';
import fc from 'fast-check';

import { FaxPlusApi } from '../../credentials/FaxPlusApi.credentials';
import { faxPlusWebhookBody } from '../../nodes/FaxSimulator/faxPlusWebhook';
import { multipartBody, type MultipartField } from '../../nodes/FaxSimulator/multipartBody';
import { phaxioWebhookFields } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { sinchWebhook } from '../../nodes/FaxSimulator/sinchWebhook';
import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
import { computePhaxioSignature } from '../../nodes/Phaxio/phaxioSignature';
import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

/**
 * Thousands of generated hostile requests per trigger, over real HTTP. For each: the expected
 * status, a run only for a genuine request, the server still answering, no unhandled rejection,
 * no temp file left behind, and no secret in the answer.
 */
jest.setTimeout(180_000);

const RUNS = Number(process.env.HOSTILE_RUNS ?? 250);
const PHAXIO_TOKEN = 'hostile-phaxio-token-8a1f';
const SINCH_USER = 'hostile-user';
const SINCH_PASSWORD = 'hostile-password-51c2';
const FAX_PLUS_TOKEN = 'hostile-faxplus-token';
const SECRETS = [PHAXIO_TOKEN, SINCH_PASSWORD, FAX_PLUS_TOKEN];

const casesTried: Record<string, number> = {};
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
	process.off('unhandledRejection', onUnhandled);
	const summary = Object.entries(casesTried)
		.map(([trigger, count]) => `${trigger}: ${count}`)
		.join(', ');
	process.stdout.write(`\nHostile-input cases tried per trigger: ${summary}\n`);
});

interface Outcome {
	status: number;
	text: string;
}

async function expectRefusedOrGenuine(
	server: TriggerServer,
	trigger: string,
	send: () => Promise<Outcome>,
	allowed: number[],
) {
	const runsBefore = server.runs.length;
	const outcome = await send();
	casesTried[trigger] = (casesTried[trigger] ?? 0) + 1;
	expect(allowed).toContain(outcome.status);
	expect(server.runs.length - runsBefore).toBe(outcome.status === 200 && !outcome.text.includes('"started":false') ? 1 : 0);
	for (const secret of SECRETS) expect(outcome.text).not.toContain(secret);
	expect(unhandled).toEqual([]);
	expect(server.preParsedFiles.filter((file) => existsSync(file))).toEqual([]);
}

const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');

function signedPhaxio(url: string, fields: MultipartField[], file: Buffer | null, token = PHAXIO_TOKEN) {
	const files = file ? [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: file }] : [];
	const signature = computePhaxioSignature(token, url, fields, files.map((part) => ({ fieldName: part.name, sha1: sha1(part.content) })));
	const encoded = multipartBody(fields, files);
	return { body: encoded.body, headers: { 'content-type': encoded.contentType, 'x-phaxio-signature': signature } };
}

describe.each([
	['unread request stream', false],
	['pre-parsed body', true],
])('Phaxio Trigger under hostile input (%s)', (_shape, preParse) => {
	let server: TriggerServer;
	let faxId = 1;
	const pdf = samplePdf('hostile');
	beforeAll(async () => {
		server = await startTriggerServer({
			node: new PhaxioTrigger(),
			webhookPath: 'phaxio',
			parameters: { events: ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'], settings: {} },
			credentials: { phaxioApi: { webhookToken: PHAXIO_TOKEN } },
			preParse,
		});
	});
	afterAll(async () => await server.close());
	const genuineFields = () =>
		phaxioWebhookFields({ url: server.productionUrl, webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId: faxId++ });

	it('refuses forged, truncated and wrong-case-length signatures', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 80 }), fc.string({ maxLength: 60 })), async (signature) => {
				const request = signedPhaxio(server.productionUrl, genuineFields(), pdf);
				fc.pre(signature.toLowerCase() !== request.headers['x-phaxio-signature']);
				await expectRefusedOrGenuine(server, 'phaxio', async () =>
					await post(server.productionUrl, request.body, { ...request.headers, 'x-phaxio-signature': signature }), [401]);
			}),
			{ numRuns: RUNS },
		);
	});

	it('accepts reordered fields (Phaxio sorts them) and refuses duplicated or extra ones', async () => {
		await fc.assert(
			fc.asyncProperty(fc.boolean(), fc.nat(), fc.string({ minLength: 1, maxLength: 12 }), async (duplicate, seed, extraValue) => {
				const fields = genuineFields();
				const signed = signedPhaxio(server.productionUrl, fields, pdf);
				const shuffled = [...fields].sort((a, b) => ((a.name.charCodeAt(0) * 31 + seed) % 7) - ((b.name.charCodeAt(0) * 31 + seed) % 7));
				const sent = duplicate ? [...shuffled, { name: 'is_test', value: extraValue }] : shuffled;
				const encoded = multipartBody(sent, [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: pdf }]);
				await expectRefusedOrGenuine(
					server,
					'phaxio',
					async () => await post(server.productionUrl, encoded.body, { ...signed.headers, 'content-type': encoded.contentType }),
					duplicate ? [401] : [200],
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses requests signed for another URL', async () => {
		await fc.assert(
			fc.asyncProperty(fc.webUrl(), async (otherUrl) => {
				fc.pre(otherUrl !== server.productionUrl);
				const request = signedPhaxio(otherUrl, genuineFields(), pdf);
				await expectRefusedOrGenuine(server, 'phaxio', async () => await post(server.productionUrl, request.body, request.headers), [401]);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses a file changed anywhere after signing', async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: pdf.length - 1 }), fc.integer({ min: 1, max: 255 }), async (position, flip) => {
				const fields = genuineFields();
				const signed = signedPhaxio(server.productionUrl, fields, pdf);
				const tampered = Buffer.from(pdf);
				tampered[position] ^= flip;
				const encoded = multipartBody(fields, [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: tampered }]);
				await expectRefusedOrGenuine(
					server,
					'phaxio',
					async () => await post(server.productionUrl, encoded.body, { ...signed.headers, 'content-type': encoded.contentType }),
					[401],
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses truncated multipart bodies', async () => {
		await fc.assert(
			fc.asyncProperty(fc.double({ min: 0, max: 0.995, noNaN: true }), async (fraction) => {
				const request = signedPhaxio(server.productionUrl, genuineFields(), pdf);
				const cut = request.body.subarray(0, Math.floor(request.body.length * fraction));
				// n8n's own formidable parsing (pre-parsed shape) answers a broken form itself.
				const allowed = [400, 401];
				await expectRefusedOrGenuine(server, 'phaxio', async () => await post(server.productionUrl, cut, request.headers), allowed);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses signed files that are not PDF or TIFF', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), async (bytes) => {
				const content = Buffer.from(bytes);
				fc.pre(!content.includes(Buffer.from('%PDF-')) && content.subarray(0, 2).toString('latin1') !== 'II' && content.subarray(0, 2).toString('latin1') !== 'MM');
				const request = signedPhaxio(server.productionUrl, genuineFields(), content);
				await expectRefusedOrGenuine(server, 'phaxio', async () => await post(server.productionUrl, request.body, request.headers), [400]);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses bodies of other content types, and huge fields', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/xml', ''),
				fc.string({ maxLength: 200 }),
				async (contentType, body) => {
					const allowed = contentType === 'application/json' ? [400] : [400, 415];
					await expectRefusedOrGenuine(server, 'phaxio', async () =>
						await post(server.productionUrl, body, { 'content-type': contentType, 'x-phaxio-signature': 'a'.repeat(40) }), allowed);
				},
			),
			{ numRuns: RUNS },
		);
		const huge = signedPhaxio(server.productionUrl, [...genuineFields(), { name: 'metadata', value: 'x'.repeat(1024 * 1024 + 1) }], pdf);
		await expectRefusedOrGenuine(server, 'phaxio', async () => await post(server.productionUrl, huge.body, huge.headers), [413]);
	});
});

describe('Sinch Fax Trigger under hostile input', () => {
	let server: TriggerServer;
	let faxId = 1;
	beforeAll(async () => {
		server = await startTriggerServer({
			node: new SinchFaxTrigger(),
			webhookPath: 'sinch',
			parameters: { events: ['fax.received', 'fax.sent'], settings: { allowedIps: '127.0.0.1' } },
			credentials: { sinchFaxApi: { webhookUsername: SINCH_USER, webhookPassword: SINCH_PASSWORD } },
			trustProxy: false,
		});
	});
	afterAll(async () => await server.close());

	it('refuses every wrong basic-auth pair', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.boolean(), async (user, password, multipart) => {
				fc.pre(!(user === SINCH_USER && password === SINCH_PASSWORD));
				const request = sinchWebhook({ event: 'fax.received', faxId: `H${faxId++}`, username: user, password, encoding: multipart ? 'multipart' : 'json' });
				await expectRefusedOrGenuine(server, 'sinch', async () => await post(server.productionUrl, request.body, request.headers), [401]);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses base64 that is not base64, and accepts what is', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }), async (file) => {
				const body = JSON.stringify({ event: 'INCOMING_FAX', fax: { id: `H${faxId++}` }, file, fileType: 'PDF' });
				const headers = sinchWebhook({ event: 'fax.received', username: SINCH_USER, password: SINCH_PASSWORD }).headers;
				// Valid base64 of bytes that are not a PDF is a 400 too; only a real PDF could pass.
				await expectRefusedOrGenuine(server, 'sinch', async () => await post(server.productionUrl, body, headers), [400]);
			}),
			{ numRuns: RUNS },
		);
	});

	it('judges spoofed forwarding headers by the socket address', async () => {
		await fc.assert(
			fc.asyncProperty(fc.ipV4(), async (spoofed) => {
				const request = sinchWebhook({ event: 'fax.received', faxId: `H${faxId++}`, username: SINCH_USER, password: SINCH_PASSWORD });
				await expectRefusedOrGenuine(
					server,
					'sinch',
					async () => await post(server.productionUrl, request.body, { ...request.headers, 'x-forwarded-for': spoofed, 'x-real-ip': spoofed }),
					[200],
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses malformed JSON without crashing', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 200 })), async (text) => {
				const headers = sinchWebhook({ event: 'fax.received', username: SINCH_USER, password: SINCH_PASSWORD }).headers;
				await expectRefusedOrGenuine(server, 'sinch', async () => await post(server.productionUrl, text, headers), [400]);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('Fax.Plus Trigger under hostile input', () => {
	let server: TriggerServer;
	const api = new FakeFaxPlusApi(FAX_PLUS_TOKEN);
	beforeAll(async () => {
		await api.start();
		server = await startTriggerServer({
			node: new FaxPlusTrigger(),
			webhookPath: 'faxplus',
			parameters: { authentication: 'accessToken', events: ['fax.received'], settings: { allowedIps: '34.65.253.117, 34.65.146.131' } },
			credentials: { faxPlusApi: { accessToken: FAX_PLUS_TOKEN, baseUrl: api.baseUrl } },
			credentialTypes: { faxPlusApi: new FaxPlusApi() },
		});
	});
	afterAll(async () => {
		await server.close();
		await api.stop();
	});

	it('refuses callers outside Allowed IPs whatever forwarding headers they send, before reading the body', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom('34.65.253.117', '34.65.146.131'), fc.ipV6(), async (spoofed, other) => {
				const body = JSON.stringify(faxPlusWebhookBody({ url: server.productionUrl, event: 'fax.received' }));
				await expectRefusedOrGenuine(
					server,
					'faxplus',
					async () =>
						await post(server.productionUrl, body, { 'content-type': 'application/json', 'x-forwarded-for': `${spoofed}, ${other}`, forwarded: `for=${spoofed}` }),
					[403],
				);
			}),
			{ numRuns: RUNS },
		);
		expect(api.requests).toHaveLength(0);
	});
});
