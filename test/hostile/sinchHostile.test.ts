import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { sinchWebhook } from '../../nodes/FaxSimulator/sinchWebhook';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { startTriggerServer, type TriggerServer } from '../support/triggerServer';
import { allowListFor, clientAddress, isAllowed } from './addressOracle';
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
 * Generated hostile requests against the Sinch Fax Trigger. Sinch signs nothing: basic auth in
 * the webhook URL, Allowed IPs and the payload's shape are the defences.
 */
jest.setTimeout(170_000);

const TRIGGER = 'Sinch Fax Trigger';
const USER = 'hostile-user';
const PASSWORD = 'hostile-password-51c2';
const KEY_SECRET = 'hostile-key-secret-0e9';
const SECRETS = [PASSWORD, KEY_SECRET];
const AUTHORIZATION = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
hostileSuite(TRIGGER);
afterAll(closeAgents);

let nextFax = Math.floor(Math.random() * 1e9);
const faxId = () => `SX${(nextFax++).toString(36).toUpperCase()}`;

interface SinchServer {
	server: TriggerServer;
	settings: IDataObject;
}

async function sinchServer(settings: IDataObject, credentials: IDataObject, trustProxy: number | boolean): Promise<SinchServer> {
	const parameters = { serviceId: 'svc-1', events: ['fax.received', 'fax.sent'], contentType: 'application/json', settings };
	const server = await startTriggerServer({
		node: new SinchFaxTrigger(),
		webhookPath: 'sinch',
		parameters,
		credentials: {
			sinchFaxApi: { projectId: 'proj-1', keyId: 'key', keySecret: KEY_SECRET, baseUrl: 'http://127.0.0.1:9', authUrl: 'http://127.0.0.1:9/token', ...credentials },
		},
		trustProxy,
	});
	return { server, settings };
}

const genuine = (options: Partial<Parameters<typeof sinchWebhook>[0]> = {}) => {
	const id = faxId();
	return { id, request: sinchWebhook({ event: 'fax.received', faxId: id, document: null, username: USER, password: PASSWORD, ...options }) };
};

/**
 * Standard base64 (RFC 4648 section 4), padded or not, decoded here without Node's decoder;
 * white space anywhere is ignored. Null when the text is not base64.
 */
function decodeBase64(text: string): Buffer | null {
	const compact = text.replace(/[ \t\r\n\f\v]+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
	const data = compact.replace(/=+$/, '');
	if (compact.length !== data.length && compact.length % 4 !== 0) return null;
	if (data.length % 4 === 1) return null;
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const bytes: number[] = [];
	let buffer = 0;
	let bitCount = 0;
	for (const character of data) {
		buffer = (buffer << 6) | alphabet.indexOf(character);
		bitCount += 6;
		if (bitCount >= 8) {
			bitCount -= 8;
			bytes.push((buffer >> bitCount) & 0xff);
		}
	}
	return Buffer.from(bytes);
}

const isDocument = (content: Buffer) =>
	content.subarray(0, 1024).includes(Buffer.from('%PDF-')) ||
	content.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) ||
	content.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]));

describe('Sinch Fax Trigger with basic auth and Allowed IPs 127.0.0.1', () => {
	let target: SinchServer;
	beforeAll(async () => (target = await sinchServer({ allowedIps: '127.0.0.1' }, { webhookUsername: USER, webhookPassword: PASSWORD }, false)));
	afterAll(async () => await target.server.close());
	const run = async (cases: HostileCase[]) => await expectHostileCases(target.server, TRIGGER, cases, SECRETS);

	it('accepts exactly the right basic-auth pair, in any scheme case (401 otherwise)', async () => {
		const attempts = generate(
			'basic auth',
			fc.record({
				user: fc.oneof(fc.constant(USER), fc.string({ maxLength: 30 }), fc.constant(`${USER} `), fc.constant(USER.toUpperCase())),
				password: fc.oneof(fc.constant(PASSWORD), fc.string({ maxLength: 30 }), fc.constant(`${PASSWORD}\n`), fc.constant(PASSWORD.slice(0, -1))),
				scheme: fc.constantFrom('Basic ', 'basic ', 'BASIC  ', 'Bearer ', 'Basic', 'Digest '),
				form: fc.constantFrom('pair', 'pair', 'no colon', 'garbage', 'none'),
				multipart: fc.boolean(),
			}),
			share(0.16),
		);
		await run(
			attempts.map(({ user, password, scheme, form, multipart }) => {
				const { id, request } = genuine({ encoding: multipart ? 'multipart' : 'json' });
				const encoded = Buffer.from(form === 'no colon' ? `${user}${password}` : `${user}:${password}`).toString('base64');
				const headers: Record<string, string> = { 'content-type': request.headers['content-type'] };
				if (form === 'garbage') headers.authorization = `${scheme}${user.replace(/[^\x21-\x7e]/g, '')}`;
				else if (form !== 'none') headers.authorization = `${scheme}${encoded}`;
				const right =
					form === 'pair' && user === USER && password === PASSWORD && /^basic\s+$/i.test(scheme);
				return {
					label: `${JSON.stringify(headers.authorization ?? 'none').slice(0, 60)} (${JSON.stringify(user)}:${JSON.stringify(password)})`,
					body: request.body,
					headers,
					status: right ? 200 : 401,
					runFaxId: right ? id : undefined,
				};
			}),
		);
	});

	it('accepts a base64 document that decodes to a PDF or TIFF and refuses any other "file" (400)', async () => {
		const documents = fc.oneof(
			fc.tuple(fc.string({ maxLength: 40 }), fc.nat({ max: 3000 })).map(([text, padding]) => samplePdf(text, padding)),
			fc.tuple(fc.constantFrom([0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]), fc.uint8Array({ maxLength: 800 })).map(([magic, rest]) =>
				Buffer.concat([Buffer.from(magic), Buffer.from(rest)]),
			),
		);
		const files = fc.oneof(
			// Documents, written as senders write base64.
			fc.tuple(documents, fc.constantFrom('plain', 'mime', 'crlf', 'unpadded', 'spaces')).map(([content, style]) => {
				const base64 = content.toString('base64');
				if (style === 'mime') return base64.replace(/.{76}/g, '$&\n');
				if (style === 'crlf') return base64.replace(/.{64}/g, '$&\r\n');
				if (style === 'unpadded') return base64.replace(/=+$/, '');
				if (style === 'spaces') return base64.replace(/.{100}/g, '$& ');
				return base64;
			}),
			// Documents spoiled in one place.
			fc.tuple(documents, fc.nat(), fc.constantFrom('!', '*', '.', '{', '}', '"', '%', '\u00e9', '=', '')).map(([content, at, character]) => {
				const base64 = content.toString('base64');
				const position = at % base64.length;
				return `${base64.slice(0, position)}${character}${base64.slice(position + 1)}`;
			}),
			// Base64 of bytes that are no document, and text that is no base64.
			fc.uint8Array({ minLength: 1, maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('base64')),
			fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!*. {}\n"%') }),
			fc.string({ minLength: 1, maxLength: 300 }),
		);
		// The URL-safe alphabet ('-', '_') is left out: the trigger's decoder takes it, RFC 4648 section 4 does not.
		const generated = generate('base64 documents', files.filter((file) => !/[-_]/.test(file)), share(0.24));
		await run(
			generated.map((file, index) => {
				const id = faxId();
				const decoded = decodeBase64(file);
				const accepted = decoded !== null && isDocument(decoded);
				const filesArray = index % 3 === 0;
				const fax = { id, direction: 'INBOUND', from: '+14155552222', to: '+14155553333', numberOfPages: 1, status: 'COMPLETED' };
				const body = filesArray
					? { event: 'INCOMING_FAX', eventTime: '2021-11-01T23:25:57Z', fax, files: [{ file, fileType: 'PDF' }] }
					: { event: 'INCOMING_FAX', eventTime: '2021-11-01T23:25:57Z', fax, file, fileType: 'PDF' };
				return {
					label: `file ${JSON.stringify(file.slice(0, 40))}… (${file.length} characters)`,
					body: JSON.stringify(body),
					headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
					status: accepted ? 200 : 400,
					runFaxId: accepted ? id : undefined,
				};
			}),
		);
	});

	it('judges the caller by the socket when no proxy is trusted, whatever forwarding headers claim', async () => {
		const claims = generate('forwarding headers', fc.tuple(fc.ipV4(), fc.ipV6()), share(0.06));
		await run(
			claims.map(([ipv4, ipv6], index) => {
				const { id, request } = genuine({ encoding: index % 2 === 0 ? 'json' : 'multipart' });
				return {
					label: `x-forwarded-for ${ipv4}, ${ipv6}`,
					body: request.body,
					headers: { ...request.headers, 'x-forwarded-for': `${ipv4}, ${ipv6}`, 'x-real-ip': ipv4, forwarded: `for="[${ipv6}]"` },
					status: 200,
					runFaxId: id,
				};
			}),
		);
	});

	it('answers each generated JSON payload with the status its shape calls for', async () => {
		const OBJECT_KEYS = ['constructor', 'toString', 'valueOf', '__proto__'];
		const payloads = fc.oneof(
			{
				weight: 4,
				arbitrary: fc.record({
					event: fc.oneof(fc.constantFrom('INCOMING_FAX', 'FAX_COMPLETED', 'incoming_fax'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 16 })),
					id: fc.constantFrom('fresh', 'number', 'padded', 'blank', 'null', 'object', 'missing'),
					fax: fc.constantFrom('object', 'object', 'object', 'string', 'array', 'missing'),
					status: fc.oneof(fc.constantFrom('COMPLETED', 'FAILURE', 'IN_PROGRESS', 'QUEUED'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 12 })),
					price: fc.oneof(fc.constant(undefined), fc.record({ amount: fc.oneof(fc.double(), fc.string({ maxLength: 8 })), currencyCode: fc.string({ maxLength: 4 }) })),
				}),
			},
			{
				weight: 1,
				arbitrary: fc.oneof(fc.json(), fc.string({ maxLength: 200 })).filter((raw) => {
					try {
						const parsed = JSON.parse(raw) as { fax?: unknown };
						return !(typeof parsed === 'object' && parsed !== null && typeof parsed.fax === 'object');
					} catch {
						return true;
					}
				}),
			},
		);
		const generated = generate('JSON payloads', payloads, share(0.14));
		await run(
			generated.map((shape) => {
				const headers = { 'content-type': 'application/json', authorization: AUTHORIZATION };
				if (typeof shape === 'string') return { label: `raw ${shape.slice(0, 60)}`, body: shape, headers, status: 400 };
				const fresh = faxId();
				const ids: Record<string, unknown> = { fresh, number: nextFax++, padded: ` ${fresh}x `, blank: '  ', null: null, object: {} };
				const fax: Record<string, unknown> = { direction: 'INBOUND', status: shape.status, price: shape.price };
				if (shape.id !== 'missing') fax.id = ids[shape.id];
				const faxValue = { object: fax, string: JSON.stringify(fax), array: [fax], missing: undefined }[shape.fax];
				const validId = ['fresh', 'number', 'padded'].includes(shape.id);
				const known = shape.event === 'INCOMING_FAX' || shape.event === 'FAX_COMPLETED';
				const accepted = shape.fax === 'object' && known && validId;
				return {
					label: `event ${JSON.stringify(shape.event)} fax ${shape.fax} id ${shape.id} status ${JSON.stringify(shape.status)}`,
					body: JSON.stringify({ event: shape.event, eventTime: '2021-11-01T23:25:57Z', fax: faxValue }),
					headers,
					status: accepted ? 200 : 400,
					runFaxId: accepted ? String(fax.id).trim() : undefined,
				};
			}),
		);
	});

	it('refuses a multipart body cut before its closing boundary (400) and other content types (415)', async () => {
		const variants = generate(
			'truncated and typed',
			fc.oneof(
				fc.integer({ min: 0, max: 9_999 }).map((cut) => ({ cut })),
				fc.tuple(fc.constantFrom('text/plain', 'application/xml', '', 'application/x-www-form-urlencoded', 'text/json'), fc.string({ maxLength: 100 })).map(([contentType, body]) => ({ contentType, body })),
			),
			share(0.12),
		);
		await run(
			variants.map((variant) => {
				if ('contentType' in variant) {
					return { label: `content type ${JSON.stringify(variant.contentType)}`, body: variant.body, headers: { 'content-type': variant.contentType, authorization: AUTHORIZATION }, status: 415 };
				}
				const { request } = genuine({ encoding: 'multipart', document: samplePdf('cut') });
				const cut = Math.floor(((request.body.length - 3) * variant.cut) / 10_000);
				return { label: `cut at ${cut} of ${request.body.length}`, body: request.body.subarray(0, cut), headers: request.headers, status: 400 };
			}),
		);
	});

	it('answers 413 to a document over the limit and accepts a 5 MB PDF', async () => {
		const big = genuine({ document: samplePdf('big', 5 * 1024 * 1024) });
		const form = multipartBody([{ name: 'event', value: 'INCOMING_FAX' }, { name: 'fax', value: JSON.stringify({ id: faxId() }) }, { name: 'eventTime', value: 'x'.repeat(1024 * 1024 + 1) }]);
		await run([
			{ label: 'a 5 MB PDF', body: big.request.body, headers: big.request.headers, status: 200, runFaxId: big.id },
			{ label: 'a field over 1 MB', body: form.body, headers: { 'content-type': form.contentType, authorization: AUTHORIZATION }, status: 413 },
		]);
	});
});

describe('Sinch Fax Trigger behind one trusted proxy, with basic auth and generated Allowed IPs', () => {
	let target: SinchServer;
	beforeAll(async () => (target = await sinchServer({}, { webhookUsername: USER, webhookPassword: PASSWORD }, 1)));
	afterAll(async () => await target.server.close());

	it('admits exactly the clients inside the Allowed IPs (403 otherwise)', async () => {
		const perList = 20;
		const batches = generate(
			'allowlists',
			fc.array(clientAddress, { minLength: perList, maxLength: perList }).chain((clients) => fc.tuple(fc.constant(clients), allowListFor(clients))),
			Math.ceil(share(0.18) / perList),
		);
		for (const [clients, allowList] of batches) {
			target.settings.allowedIps = allowList.text;
			await expectHostileCases(
				target.server,
				TRIGGER,
				clients.map((client, index) => {
					const { id, request } = genuine({ encoding: index % 4 === 0 ? 'multipart' : 'json' });
					const allowed = isAllowed(client, allowList.ranges);
					return {
						label: `client ${client} with Allowed IPs ${JSON.stringify(allowList.text)}`,
						body: request.body,
						headers: { ...request.headers, 'x-forwarded-for': `203.0.113.9, ${client}` },
						status: allowed ? 200 : 403,
						runFaxId: allowed ? id : undefined,
					};
				}),
				SECRETS,
			);
		}
	});
});

describe('Sinch Fax Trigger with no webhook basic auth, Confirm With API off', () => {
	let target: SinchServer;
	beforeAll(async () => (target = await sinchServer({ confirmWithApi: false }, {}, false)));
	afterAll(async () => await target.server.close());

	it('refuses every request (401) while Allowed IPs lists no address (blank, white space, only commas)', async () => {
		const settings = generate(
			'empty allowlists',
			fc.oneof(fc.constant(undefined), fc.string({ unit: fc.constantFrom(' ', ',', '\n', '\t', '\r'), maxLength: 8 })),
			Math.ceil(share(0.1) / 4),
		);
		const failures: Record<string, string[]> = {};
		for (const allowedIps of settings) {
			if (allowedIps === undefined) delete target.settings.allowedIps;
			else target.settings.allowedIps = allowedIps;
			try {
				await expectHostileCases(
					target.server,
					TRIGGER,
					Array.from({ length: 4 }, (_, index) => {
						const { request } = genuine({ encoding: index % 2 === 0 ? 'json' : 'multipart', event: index < 2 ? 'fax.received' : 'fax.sent' });
						const headers = index === 3 ? { ...request.headers } : { 'content-type': request.headers['content-type'] };
						return { label: `Allowed IPs ${JSON.stringify(allowedIps)}, request ${index}`, body: request.body, headers, status: 401 };
					}),
					SECRETS,
				);
			} catch (error) {
				const got = /got (\d+)/.exec((error as Error).message)?.[1] ?? 'a run';
				failures[`answered ${got}`] = [...(failures[`answered ${got}`] ?? []), JSON.stringify(allowedIps)].slice(0, 6);
			}
		}
		// Every setting is tried; the failures list, per wrong answer, settings that got it.
		expect(failures).toEqual({});
	});
});

describe('Sinch Fax Trigger rules', () => {
	it('logged refusals at debug level, with at most one summary warning a minute', () => expectRefusalsLoggedQuietly(TRIGGER));
});
