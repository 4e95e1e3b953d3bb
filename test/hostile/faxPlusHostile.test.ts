import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { faxPlusWebhookBody } from '../../nodes/FaxSimulator/faxPlusWebhook';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
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
 * Generated hostile requests against the Fax.Plus Trigger. Fax.Plus signs nothing: the trigger's
 * defences are the Allowed IPs (behind n8n's proxy settings), the hook target and the payload's
 * shape. Documents are not downloaded here (Download Document off), so each accepted request is
 * one run and nothing else.
 */
jest.setTimeout(170_000);

const TRIGGER = 'Fax.Plus Trigger';
const TOKEN = 'hostile-faxplus-token';
const SECRETS = [TOKEN];
const PUBLISHED_IPS = ['34.65.253.117', '34.65.146.131'];
hostileSuite(TRIGGER);
afterAll(closeAgents);

let nextFax = Math.floor(Math.random() * 1e9);
const faxId = () => `hx${(nextFax++).toString(36)}`;

interface FaxPlusServer {
	server: TriggerServer;
	settings: IDataObject;
}

async function faxPlusServer(settings: IDataObject, trustProxy: number | boolean): Promise<FaxPlusServer> {
	const parameters = { authentication: 'accessToken', events: ['fax.received', 'fax.sent'], settings };
	const server = await startTriggerServer({
		node: new FaxPlusTrigger(),
		webhookPath: 'faxplus',
		parameters,
		// Never called: no download, no confirmation. A request to it would fail the run's check.
		credentials: { faxPlusApi: { accessToken: TOKEN, baseUrl: 'http://127.0.0.1:9/v3' } },
		trustProxy,
	});
	return { server, settings };
}

/** Names every plain object answers to: a lookup table must not take them for its entries. */
const OBJECT_KEYS = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf'];

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

function looksLikeDelivery(raw: string): boolean {
	try {
		const parsed = JSON.parse(raw) as Record<string, unknown>;
		return isObject(parsed) && isObject(parsed.hook) && isObject(parsed.data);
	} catch {
		return false;
	}
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
	body: JSON.stringify(body),
	headers: { 'content-type': 'application/json', ...headers },
});

describe('Fax.Plus Trigger behind one trusted proxy (N8N_PROXY_HOPS=1)', () => {
	let target: FaxPlusServer;
	beforeAll(async () => (target = await faxPlusServer({ downloadDocument: false }, 1)));
	afterAll(async () => await target.server.close());
	const run = async (cases: HostileCase[]) => await expectHostileCases(target.server, TRIGGER, cases, SECRETS);

	it('admits exactly the clients inside generated Allowed IPs, whatever the client puts before them (403 otherwise)', async () => {
		const perList = 20;
		const batches = generate(
			'allowlists',
			fc
				.array(clientAddress, { minLength: perList, maxLength: perList })
				.chain((clients) => fc.tuple(fc.constant(clients), allowListFor(clients), fc.array(fc.ipV4(), { minLength: perList, maxLength: perList }))),
			Math.ceil(share(0.35) / perList),
		);
		for (const [clients, allowList, spoofed] of batches) {
			target.settings.allowedIps = allowList.text;
			await run(
				clients.map((client, index) => {
					const id = faxId();
					const allowed = isAllowed(client, allowList.ranges);
					return {
						label: `client ${client} with Allowed IPs ${JSON.stringify(allowList.text)}`,
						...json(faxPlusWebhookBody({ url: target.server.productionUrl, event: 'fax.received', faxId: id }), {
							// n8n trusts one proxy: the address it appended is the client; the rest is the client's word.
							'x-forwarded-for': `${spoofed[index]}, ${client}`,
						}),
						status: allowed ? 200 : 403,
						runFaxId: allowed ? id : undefined,
					};
				}),
			);
		}
	});

	it('answers each generated payload with the status its shape calls for', async () => {
		target.settings.allowedIps = '127.0.0.1';
		const WEBHOOK_PART = new URL(target.server.productionUrl).pathname.split('/').slice(-2).join('/');
		const targets = fc.oneof(
			fc.constant('production'),
			fc.constant('test'),
			fc.constant('slash'),
			fc.constant('proxied'),
			fc.webUrl({ withQueryParameters: true }),
			fc.string({ maxLength: 20 }),
			fc.constant(''),
			fc.integer(),
		);
		const ids = fc.oneof(fc.constant('fresh'), fc.constant('number'), fc.constantFrom('', '   ', null), fc.constant({}), fc.constant('missing'));
		const payloads = fc.oneof(
			{
				weight: 4,
				arbitrary: fc.record({
					event: fc.oneof(fc.constantFrom('fax_received', 'fax_sent', 'fax_page_received'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 20 })),
					status: fc.oneof(fc.constantFrom('success', 'failed_no_answer', 'partially_sent'), fc.constantFrom(...OBJECT_KEYS), fc.string({ maxLength: 20 })),
					target: targets,
					id: ids,
					hookShape: fc.constantFrom('object', 'array', 'missing'),
					dataShape: fc.constantFrom('object', 'object', 'object', 'string', 'missing'),
				}),
			},
			{
				weight: 1,
				// Random JSON or text; the rare one shaped like a delivery (hook and data objects) is left out.
				arbitrary: fc
					.oneof(fc.json(), fc.string({ maxLength: 120 }))
					.filter((raw) => !looksLikeDelivery(raw))
					.map((raw) => ({ raw })),
			},
		);
		const generated = generate('payload shapes', payloads, share(0.35));
		await run(
			generated.map((shape) => {
				if ('raw' in shape) {
					return { label: `raw ${shape.raw.slice(0, 60)}`, body: shape.raw, headers: { 'content-type': 'application/json' }, status: 400 };
				}
				const id = faxId();
				const targetUrl =
					shape.target === 'production'
						? target.server.productionUrl
						: shape.target === 'test'
							? target.server.testUrl
							: shape.target === 'slash'
								? `${target.server.productionUrl}/`
								: shape.target === 'proxied'
									? `https://n8n.example.com/base/webhook/${WEBHOOK_PART}`
									: shape.target;
				const dataId =
					shape.id === 'fresh' ? id : shape.id === 'number' ? nextFax++ : shape.id === 'missing' ? undefined : shape.id;
				const hook: Record<string, unknown> = { id, event: shape.event, event_time: '2024-09-09 10:44:39', target: targetUrl };
				const data: Record<string, unknown> = { uid: 'u', pages: 1, from: '+15551230001', to: '+15559870002', status: shape.status };
				if (dataId !== undefined) data.id = dataId;
				const body: Record<string, unknown> = {};
				if (shape.hookShape === 'object') body.hook = hook;
				if (shape.hookShape === 'array') body.hook = [hook];
				if (shape.dataShape === 'object') body.data = data;
				if (shape.dataShape === 'string') body.data = 'data';

				// The expected answer, in the order a reader checks a delivery.
				const known = ['fax_received', 'fax_sent', 'fax_page_received'].includes(shape.event as string);
				let status = 200;
				let runs = false;
				if (shape.hookShape !== 'object' || shape.dataShape !== 'object' || !known) status = 400;
				else if (typeof targetUrl !== 'string' || targetUrl === '' || !URL.canParse(targetUrl)) status = 400;
				else if (new URL(targetUrl).pathname.replace(/\/+$/, '').split('/').slice(-2).join('/') !== WEBHOOK_PART) status = 403;
				else if (!(typeof dataId === 'number' || (typeof dataId === 'string' && dataId.trim() !== ''))) status = 400;
				else runs = shape.event !== 'fax_page_received';
				return {
					label: `event ${JSON.stringify(shape.event)} target ${JSON.stringify(targetUrl)} id ${JSON.stringify(dataId)} hook ${shape.hookShape} data ${shape.dataShape}`,
					...json(body),
					status,
					runFaxId: runs ? String(dataId).trim() : undefined,
				};
			}),
		);
	});

	it('answers 415 to other content types and 400 to a form', async () => {
		target.settings.allowedIps = '127.0.0.1';
		const bodies = generate(
			'content types',
			fc.tuple(
				fc.oneof(
					fc.constantFrom('text/plain', 'application/xml', '', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
					fc.tuple(fc.constantFrom('text', 'image', 'audio'), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnop-.'), minLength: 1, maxLength: 12 })).map(([type, sub]) => `${type}/${sub}`),
				),
				fc.string({ maxLength: 200 }),
			),
			share(0.1),
		);
		await run(
			bodies.map(([contentType, body]) => {
				const form = contentType.startsWith('multipart/form-data');
				const encoded = form ? multipartBody([{ name: 'hook', value: body }]) : undefined;
				return {
					label: `content type ${JSON.stringify(contentType)}`,
					body: encoded ? encoded.body : body,
					headers: { 'content-type': encoded ? encoded.contentType : contentType },
					status: form ? 400 : 415,
				};
			}),
		);
	});

	it('answers 413 to a body over 1 MB', async () => {
		target.settings.allowedIps = '127.0.0.1';
		const id = faxId();
		const large = faxPlusWebhookBody({ url: target.server.productionUrl, event: 'fax.received', faxId: id });
		await run([
			{ label: 'a 1 MB file_name', ...json({ ...large, data: { ...large.data, file_name: 'x'.repeat(1024 * 1024) } }), status: 413 },
			{ label: 'the same fax, small', ...json(large), status: 200, runFaxId: id },
		]);
	});
});

describe('Fax.Plus Trigger with no proxy trusted', () => {
	let target: FaxPlusServer;
	beforeAll(async () => (target = await faxPlusServer({ downloadDocument: false, allowedIps: PUBLISHED_IPS.join(', ') }, false)));
	afterAll(async () => await target.server.close());

	it('refuses a caller outside Allowed IPs whatever forwarding headers claim (403)', async () => {
		const claims = generate(
			'spoofed forwarding',
			fc.tuple(fc.oneof(fc.constantFrom(...PUBLISHED_IPS), fc.ipV4()), fc.ipV6(), fc.constantFrom('x-forwarded-for', 'forwarded', 'x-real-ip', 'all')),
			share(0.1),
		);
		await expectHostileCases(
			target.server,
			TRIGGER,
			claims.map(([claimed, other, header]) => {
				const headers: Record<string, string> = {};
				if (header === 'x-forwarded-for' || header === 'all') headers['x-forwarded-for'] = `${claimed}, ${other}, ${claimed}`;
				if (header === 'forwarded' || header === 'all') headers.forwarded = `for=${claimed}`;
				if (header === 'x-real-ip' || header === 'all') headers['x-real-ip'] = claimed;
				return {
					label: `${header}: ${claimed}`,
					...json(faxPlusWebhookBody({ url: target.server.productionUrl, event: 'fax.received', faxId: faxId() }), headers),
					status: 403,
				};
			}),
			SECRETS,
		);
	});
});

describe('Fax.Plus Trigger with nothing to verify a request by', () => {
	let target: FaxPlusServer;
	beforeAll(async () => (target = await faxPlusServer({ downloadDocument: false, confirmWithApi: false }, false)));
	afterAll(async () => await target.server.close());

	it('refuses every request (401) while Allowed IPs lists no address and Confirm With API is off', async () => {
		const settings = generate(
			'empty allowlists',
			fc.tuple(fc.string({ unit: fc.constantFrom(' ', ',', '\n', '\t', '\r'), maxLength: 8 }), fc.nat({ max: 4 })),
			Math.ceil(share(0.1) / 4),
		);
		const failures: Record<string, string[]> = {};
		for (const [allowedIps, variant] of settings) {
			target.settings.allowedIps = allowedIps;
			try {
				await expectHostileCases(
					target.server,
					TRIGGER,
					Array.from({ length: 4 }, (_, index) => {
						const event = (['fax.received', 'fax.sent'] as const)[(variant + index) % 2];
						return {
							label: `Allowed IPs ${JSON.stringify(allowedIps)}, ${event}`,
							...json(faxPlusWebhookBody({ url: target.server.productionUrl, event, faxId: faxId() })),
							status: 401,
						};
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

describe('Fax.Plus Trigger rules', () => {
	it('logged refusals at debug level, with at most one summary warning a minute', () => expectRefusalsLoggedQuietly(TRIGGER));
});
