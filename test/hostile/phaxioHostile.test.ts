import { createHash } from 'crypto';
import fc from 'fast-check';

import { multipartBody, type MultipartField, type MultipartFile } from '../../nodes/FaxSimulator/multipartBody';
import { phaxioWebhookFields } from '../../nodes/FaxSimulator/phaxioWebhook';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { computePhaxioSignature } from '../../nodes/Phaxio/phaxioSignature';
import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { startTriggerServer, type TriggerServer } from '../support/triggerServer';
import {
	closeAgents,
	expectHostileCases,
	expectRefusalsLoggedQuietly,
	generate,
	hostileSuite,
	share,
	type HostileCase,
} from './hostileHarness';

/**
 * Generated hostile requests against the Phaxio Trigger, half through the unread request stream,
 * half through the body n8n pre-parses. Each case states its one expected status.
 */
jest.setTimeout(170_000);

const TRIGGER = 'Phaxio Trigger';
const TOKEN = 'hostile-phaxio-token-8a1f';
const SECRETS = [TOKEN];
hostileSuite(TRIGGER);
afterAll(closeAgents);

const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');
/** What a document is by its first bytes, decided here without the trigger's code. */
const isDocument = (content: Buffer) =>
	content.subarray(0, 1024).includes(Buffer.from('%PDF-')) ||
	content.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) ||
	content.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]));

const PDF = samplePdf('hostile');
let nextFaxId = 10_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

function signedRequest(url: string, fields: MultipartField[], files: MultipartFile[], signedFields = fields, signedUrl = url) {
	const signature = computePhaxioSignature(
		TOKEN,
		signedUrl,
		signedFields,
		files.map((file) => ({ fieldName: file.name, sha1: sha1(file.content) })),
	);
	const encoded = multipartBody(fields, files);
	return { body: encoded.body, headers: { 'content-type': encoded.contentType, 'x-phaxio-signature': signature } };
}

const filePart = (content: Buffer): MultipartFile => ({ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content });

describe.each([
	['unread request stream', false],
	['pre-parsed body', true],
])('Phaxio Trigger under hostile input (%s)', (shape, preParse) => {
	let server: TriggerServer;
	// Each shape takes its share of the trigger's requests; the shares of one shape add up to 0.54.
	const half = (fraction: number) => share(fraction);
	beforeAll(async () => {
		server = await startTriggerServer({
			node: new PhaxioTrigger(),
			webhookPath: 'phaxio',
			parameters: { events: ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'], settings: {} },
			credentials: { phaxioApi: { webhookToken: TOKEN } },
			preParse,
		});
	});
	afterAll(async () => await server.close());

	const genuine = () => {
		const faxId = nextFaxId++;
		return { faxId: String(faxId), fields: phaxioWebhookFields({ url: server.productionUrl, webhookToken: TOKEN, event: 'fax.received', faxId }) };
	};
	const run = async (cases: HostileCase[]) => await expectHostileCases(server, TRIGGER, cases, SECRETS);

	it('refuses every signature but the right one (401), and accepts the right one in any letter case', async () => {
		const candidates = generate(
			`${shape} signatures`,
			fc.oneof(
				fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 0, maxLength: 80 }),
				fc.string({ unit: fc.constantFrom(...'!#$%&()*+-./0123456789:;<=>?@ABCDEFZ[]^_`az{|}~'), maxLength: 60 }),
				fc.constant('right'),
				fc.constant('RIGHT'),
				fc.constant('none'),
			),
			half(0.09),
		);
		await run(
			candidates.map((candidate) => {
				const { faxId, fields } = genuine();
				const request = signedRequest(server.productionUrl, fields, [filePart(PDF)]);
				const right = request.headers['x-phaxio-signature'];
				const headers: Record<string, string> = { 'content-type': request.headers['content-type'] };
				if (candidate === 'right') headers['x-phaxio-signature'] = right;
				else if (candidate === 'RIGHT') headers['x-phaxio-signature'] = right.toUpperCase();
				else if (candidate !== 'none') headers['x-phaxio-signature'] = candidate;
				const accepted = candidate === 'right' || candidate === 'RIGHT' || candidate.trim().toLowerCase() === right;
				return {
					label: `signature ${JSON.stringify(candidate).slice(0, 50)}`,
					body: request.body,
					headers,
					status: accepted ? 200 : 401,
					runFaxId: accepted ? faxId : undefined,
				};
			}),
		);
	});

	it('accepts the fields in any order (Phaxio sorts them) and refuses an added or repeated field (401)', async () => {
		const variants = generate(
			`${shape} field order`,
			fc.record({
				order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
				extra: fc.option(fc.record({ name: fc.constantFrom('is_test', 'fax', 'event_type', 'metadata', 'direction', 'file'), value: fc.string({ maxLength: 12 }) }), { nil: undefined }),
			}),
			half(0.07),
		);
		await run(
			variants.map(({ order, extra }) => {
				const { faxId, fields } = genuine();
				const withEventType = [...fields, { name: 'event_type', value: 'fax_completed' }, { name: 'direction', value: 'received' }];
				const shuffled = withEventType
					.map((field, index) => ({ field, key: order[index % order.length] }))
					.sort((a, b) => a.key - b.key)
					.map(({ field }) => field);
				const sent = extra ? [...shuffled, extra] : shuffled;
				const request = signedRequest(server.productionUrl, sent, [filePart(PDF)], withEventType);
				return {
					label: `order ${order.join(',')} extra ${JSON.stringify(extra)}`,
					body: request.body,
					headers: request.headers,
					status: extra ? 401 : 200,
					runFaxId: extra ? undefined : faxId,
				};
			}),
		);
	});

	it('refuses a request signed for any other URL (401)', async () => {
		const picks = generate(`${shape} other URLs`, fc.tuple(fc.nat({ max: 5 }), fc.webUrl({ withQueryParameters: true, withFragments: true })), half(0.06));
		await run(
			picks.map(([pick, otherUrl]) => {
				const { fields } = genuine();
				const signedUrl = [
					otherUrl,
					`${server.productionUrl}/`,
					server.productionUrl.replace('http:', 'https:'),
					`${server.productionUrl}?source=phaxio`,
					server.testUrl,
					server.productionUrl.replace('127.0.0.1', 'localhost'),
				][pick];
				const request = signedRequest(server.productionUrl, fields, [filePart(PDF)], fields, signedUrl);
				return { label: `signed for ${signedUrl.slice(0, 80)}`, body: request.body, headers: request.headers, status: 401 };
			}),
		);
	});

	it('refuses a file changed in any byte after signing (401)', async () => {
		const changes = generate(`${shape} tampering`, fc.tuple(fc.nat({ max: PDF.length - 1 }), fc.integer({ min: 1, max: 255 })), half(0.07));
		await run(
			changes.map(([position, flip]) => {
				const { fields } = genuine();
				const signed = signedRequest(server.productionUrl, fields, [filePart(PDF)]);
				const tampered = Buffer.from(PDF);
				tampered[position] ^= flip;
				const encoded = multipartBody(fields, [filePart(tampered)]);
				return {
					label: `byte ${position} ^ ${flip}`,
					body: encoded.body,
					headers: { ...signed.headers, 'content-type': encoded.contentType },
					status: 401,
				};
			}),
		);
	});

	it('refuses a body cut anywhere before its closing boundary (400)', async () => {
		const cuts = generate(`${shape} truncation`, fc.integer({ min: 0, max: 9_999 }), half(0.07));
		await run(
			cuts.map((tenThousandths) => {
				const { faxId, fields } = genuine();
				const request = signedRequest(server.productionUrl, fields, [filePart(PDF)]);
				// The closing delimiter ends in "--\r\n": keep at most up to its first "-".
				const length = request.body.length;
				const cut = Math.floor(((length - 3) * tenThousandths) / 10_000);
				// n8n's formidable takes a body that stops right after a delimiter line ("--boundary" and
				// its CRLF, or "\r\n--boundary" after a part), or an empty one, for a whole form of the parts before it:
				// the signature covers parts that never came (401), unless every part came, before the
				// last delimiter without its final "--" (genuine, 200). Any other cut breaks the form (400).
				const delimiter = `--${request.headers['content-type'].split('boundary=')[1]}`;
				const prefix = request.body.subarray(0, cut).toString('latin1');
				const endsAtDelimiter = cut === 0 || prefix.endsWith(`\r\n${delimiter}`) || prefix.endsWith(`${delimiter}\r\n`);
				const complete = preParse && cut === length - 4;
				const status = complete ? 200 : preParse && endsAtDelimiter ? 401 : 400;
				return { label: `cut at ${cut} of ${length}`, body: request.body.subarray(0, cut), headers: request.headers, status, runFaxId: complete ? faxId : undefined };
			}),
		);
	});

	it('accepts a signed file that is a PDF or a TIFF by its first bytes and refuses any other (400)', async () => {
		const files = generate(
			`${shape} file types`,
			fc.oneof(
				fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
				fc.tuple(fc.uint8Array({ maxLength: 1100 }), fc.uint8Array({ maxLength: 300 })).map(([before, after]) =>
					Buffer.concat([Buffer.from(before), Buffer.from('%PDF-1.7\n'), Buffer.from(after)]),
				),
				fc.tuple(fc.constantFrom([0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x49, 0x49, 0x00, 0x2a], [0x4d, 0x4d, 0x2a, 0x00]), fc.uint8Array({ maxLength: 600 })).map(
					([magic, rest]) => Buffer.concat([Buffer.from(magic), Buffer.from(rest)]),
				),
			),
			half(0.08),
		);
		await run(
			files.map((content) => {
				const { faxId, fields } = genuine();
				const request = signedRequest(server.productionUrl, fields, [filePart(content)]);
				const accepted = isDocument(content);
				return {
					label: `file of ${content.length} bytes starting ${content.subarray(0, 8).toString('hex')}`,
					body: request.body,
					headers: request.headers,
					status: accepted ? 200 : 400,
					runFaxId: accepted ? faxId : undefined,
				};
			}),
		);
	});

	it('answers 415 to bodies of other types and 400 to JSON', async () => {
		const bodies = generate(
			`${shape} content types`,
			fc.tuple(
				fc.oneof(
					fc.constantFrom('text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/xml', '', 'application/problem+json', 'APPLICATION/JSON; charset=utf-8', 'multipart/mixed; boundary=x'),
					fc.tuple(fc.constantFrom('text', 'application', 'image', 'audio'), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-.+'), minLength: 1, maxLength: 16 })).map(([type, sub]) => `${type}/${sub}`),
				),
				fc.string({ maxLength: 200 }),
			),
			half(0.06),
		);
		await run(
			bodies.map(([contentType, body]) => {
				const type = contentType.toLowerCase();
				const json = type.startsWith('application/json') || type.split(';')[0].endsWith('+json');
				return {
					label: `content type ${JSON.stringify(contentType)}`,
					body,
					headers: { 'content-type': contentType, 'x-phaxio-signature': 'a'.repeat(40) },
					status: json ? 400 : 415,
				};
			}),
		);
	});

	it('maps any signed status and event type into the normalized item, or refuses an unknown event type (400)', async () => {
		const OBJECT_KEYS = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty'];
		const variants = generate(
			`${shape} statuses`,
			fc.tuple(
				fc.oneof(fc.constantFrom('queued', 'pendingbatch', 'inprogress', 'success', 'failure', 'partialsuccess', 'SUCCESS'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 16 })),
				fc.oneof(fc.constantFrom('fax_completed', 'transmitting_page', 'retry_scheduled'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 16 })),
			),
			half(0.04),
		);
		await run(
			variants.map(([status, eventType]) => {
				const { faxId, fields } = genuine();
				const faxField = fields.find((field) => field.name === 'fax')!;
				faxField.value = JSON.stringify({ ...JSON.parse(faxField.value), status });
				const sent = [...fields, { name: 'event_type', value: eventType }];
				const request = signedRequest(server.productionUrl, sent, [filePart(PDF)]);
				// An empty event_type counts as none: Phaxio's received-fax webhook sends none.
				const known = ['fax_completed', 'transmitting_page', 'retry_scheduled', ''].includes(eventType);
				return {
					label: `status ${JSON.stringify(status)} event_type ${JSON.stringify(eventType)}`,
					body: request.body,
					headers: request.headers,
					status: known ? 200 : 400,
					runFaxId: known ? faxId : undefined,
				};
			}),
		);
	});

	it('answers 413 to a field over 1 MB and accepts a genuine 3 MB PDF', async () => {
		const { fields } = genuine();
		const huge = signedRequest(server.productionUrl, [...fields, { name: 'metadata', value: 'x'.repeat(1024 * 1024 + 1) }], [filePart(PDF)]);
		const large = genuine();
		const bigPdf = samplePdf('large', 3 * 1024 * 1024);
		const genuineLarge = signedRequest(server.productionUrl, large.fields, [filePart(bigPdf)]);
		await run([
			{ label: 'a 1 MB + 1 field', ...huge, status: 413 },
			{ label: 'a 3 MB PDF', ...genuineLarge, status: 200, runFaxId: large.faxId },
		]);
	});
});

describe('Phaxio Trigger rules', () => {
	it('logged refusals at debug level, with at most one summary warning a minute', () => expectRefusalsLoggedQuietly(TRIGGER));
});
