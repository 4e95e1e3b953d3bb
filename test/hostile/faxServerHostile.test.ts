import { createHmac } from 'crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { FaxServerTrigger } from '../../nodes/FaxServer/FaxServerTrigger.node';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
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
 * Generated hostile requests against the Fax Server Trigger: signatures over the raw body, the
 * shared secret, payload shapes and file paths. Expected verdicts are computed here from the
 * contract, with an HMAC of our own.
 */
jest.setTimeout(170_000);

const TRIGGER = 'Fax Server Trigger';
const SECRET = 'hostile-fax-server-secret-7c41';
hostileSuite(TRIGGER);
afterAll(closeAgents);

let nextCall = Math.floor(Math.random() * 1e9);
const callId = () => `call-${(nextCall++).toString(36)}`;
const now = () => Math.floor(Date.now() / 1000);
const sign = (secret: string, timestamp: number, body: Buffer) =>
	createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

async function faxServer(credentials: IDataObject, settings: IDataObject = {}): Promise<TriggerServer> {
	return await startTriggerServer({
		node: new FaxServerTrigger(),
		webhookPath: 'faxserver',
		parameters: { events: ['fax.received', 'fax.failed'], settings },
		credentials: { faxServerApi: credentials },
	});
}

function form(fields: Record<string, string>, document: Buffer | null) {
	return multipartBody(
		Object.entries(fields).map(([name, value]) => ({ name, value })),
		document ? [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: document }] : [],
	);
}

const PDF = samplePdf('Hostile fax server');

describe('Fax Server Trigger with signature verification', () => {
	let server: TriggerServer;
	beforeAll(async () => (server = await faxServer({ secret: SECRET, verification: 'signature' })));
	afterAll(async () => await server.close());
	const run = async (cases: HostileCase[]) => await expectHostileCases(server, TRIGGER, cases, [SECRET]);

	const ON_TIME_SECONDS = 240;
	const LATE_SECONDS = 360;

	it('starts a run only for a body signed with the secret within 5 minutes, untouched (401 otherwise)', async () => {
		const attempts = generate(
			'signatures',
			fc.record({
				secret: fc.oneof(fc.constant(SECRET), fc.constant(SECRET.toUpperCase()), fc.constant(`${SECRET} `), fc.string({ maxLength: 40 })),
				// Within 240 s of now the request is on time, beyond 360 s late. The minute either side
				// of the 300 s limit is left out: every case is signed before the first is sent, and on a
				// busy machine the last arrives tens of seconds later. The limit itself is tested exactly
				// in FaxServerTrigger.test.ts.
				skew: fc.oneof(
					fc.integer({ min: -ON_TIME_SECONDS, max: ON_TIME_SECONDS }),
					fc.integer({ min: -4000, max: 4000 }).filter((skew) => Math.abs(skew) <= ON_TIME_SECONDS || Math.abs(skew) >= LATE_SECONDS),
				),
				form: fc.constantFrom('plain', 'plain', 'rotation', 'upper', 'spaces', 'no t', 'no v1', 'v0', 'missing', 'junk'),
				tamper: fc.oneof(fc.constant(-1), fc.constant(-1), fc.nat()),
				json: fc.boolean(),
			}),
			share(0.4),
		);
		await run(
			attempts.map(({ secret, skew, form: shape, tamper, json }) => {
				const id = callId();
				const fields = { from: '+15551230001', to: '+15559870002', status: 'received', callId: id };
				const encoded = json
					? { body: Buffer.from(JSON.stringify({ ...fields, file: PDF.toString('base64') })), contentType: 'application/json' }
					: form(fields, PDF);
				const timestamp = now() + skew;
				const signature = sign(secret, timestamp, encoded.body);
				const headerByShape: Record<string, string | undefined> = {
					plain: `t=${timestamp},v1=${signature}`,
					rotation: `t=${timestamp},v1=${'ab'.repeat(32)},v1=${signature}`,
					upper: `t=${timestamp},v1=${signature.toUpperCase()}`,
					spaces: `t=${timestamp}, v1=${signature}`,
					'no t': `v1=${signature}`,
					'no v1': `t=${timestamp}`,
					v0: `t=${timestamp},v0=${signature}`,
					missing: undefined,
					junk: `sha256=${signature}`,
				};
				const header = headerByShape[shape];
				const body = Buffer.from(encoded.body);
				const tampered = tamper >= 0;
				// JSON is parsed only after the signature check; a multipart body is parsed while it is
				// read, so it is changed inside the document, where its syntax stays whole.
				const documentAt = json ? 0 : body.indexOf(PDF);
				if (tampered) body[documentAt + (tamper % (json ? body.length : PDF.length))] ^= 0x20;
				const headers: Record<string, string> = { 'content-type': encoded.contentType };
				if (header !== undefined) headers['x-fax-signature'] = header;
				const right =
					secret === SECRET && Math.abs(skew) <= ON_TIME_SECONDS && !tampered && ['plain', 'rotation', 'upper', 'spaces'].includes(shape);
				return {
					label: `${shape} header, skew ${skew} s, ${tampered ? 'tampered' : 'intact'} ${json ? 'JSON' : 'multipart'}, secret ${JSON.stringify(secret.slice(0, 12))}`,
					body,
					headers,
					status: right ? 200 : 401,
					runFaxId: right ? id : undefined,
				};
			}),
		);
	});

	it('answers each signed JSON payload with the status its shape calls for', async () => {
		const payloads = generate(
			'payloads',
			fc.record({
				status: fc.oneof(
					fc.constantFrom('received', 'failed', 'SUCCESS', 'FAILURE', 'Received', 'error', undefined),
					fc.constantFrom('constructor', 'valueOf', '__proto__', 'maybe', ''),
				),
				document: fc.constantFrom('pdf', 'tiff', 'text', 'bad base64', 'none', 'empty'),
				statusName: fc.constantFrom('status', 'faxstatus'),
				pages: fc.oneof(fc.nat({ max: 50 }), fc.string({ maxLength: 4 }), fc.constant(null)),
			}),
			share(0.35),
		);
		const documents: Record<string, string | undefined> = {
			pdf: PDF.toString('base64'),
			tiff: Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(40, 9)]).toString('base64'),
			text: Buffer.from('not a fax at all').toString('base64'),
			'bad base64': 'QUJD*RUY=',
			none: undefined,
			empty: '',
		};
		const RECEPTIONS: Record<string, string> = { received: 'received', success: 'received', failed: 'failed', failure: 'failed', error: 'failed' };
		await run(
			payloads.map(({ status, document, statusName, pages }) => {
				const id = callId();
				const body: Record<string, unknown> = { from_number: '+15551230001', to_number: '+15559870002', uniqueid: id, faxpages: pages };
				if (status !== undefined) body[statusName] = status;
				if (documents[document] !== undefined) body.file = documents[document];
				const text = Buffer.from(JSON.stringify(body));
				const timestamp = now();
				const reception = status === undefined || status === '' ? 'received' : Object.hasOwn(RECEPTIONS, status.toLowerCase()) ? RECEPTIONS[status.toLowerCase()] : undefined;
				const carriesDocument = documents[document] !== undefined && documents[document] !== '';
				let expected = 200;
				if (document === 'bad base64') expected = 400;
				else if (!reception) expected = 400;
				else if (document === 'text') expected = 400;
				else if (reception === 'received' && !carriesDocument) expected = 400;
				return {
					label: `status ${JSON.stringify(status)} as ${statusName}, document ${document}, pages ${JSON.stringify(pages)}`,
					body: text,
					headers: { 'content-type': 'application/json', 'x-fax-signature': `t=${timestamp},v1=${sign(SECRET, timestamp, text)}` },
					status: expected,
					runFaxId: expected === 200 ? id : undefined,
				};
			}),
		);
	});
});

describe('Fax Server Trigger with a shared secret', () => {
	let server: TriggerServer;
	beforeAll(async () => (server = await faxServer({ secret: SECRET, verification: 'sharedSecret' })));
	afterAll(async () => await server.close());

	it('starts a run only for the exact X-Internal-Secret (401 otherwise)', async () => {
		const attempts = generate(
			'shared secrets',
			fc.oneof(fc.constant(SECRET), fc.constant(SECRET.slice(1)), fc.constant(`${SECRET}x`), fc.string({ maxLength: 40 }), fc.constant(undefined)),
			share(0.1),
		);
		await expectHostileCases(
			server,
			TRIGGER,
			attempts.map((sent) => {
				const id = callId();
				const encoded = form({ from: '+15551230001', to: '+15559870002', callId: id }, PDF);
				const headers: Record<string, string> = { 'content-type': encoded.contentType };
				if (sent !== undefined) headers['x-internal-secret'] = sent.replace(/[^\x21-\x7e]/g, '');
				const right = headers['x-internal-secret'] === SECRET;
				return { label: `X-Internal-Secret ${JSON.stringify(sent)}`, body: encoded.body, headers, status: right ? 200 : 401, runFaxId: right ? id : undefined };
			}),
			[SECRET],
		);
	});
});

describe('Fax Server Trigger reading files from its folder', () => {
	let server: TriggerServer;
	let root: string;
	let folder: string;
	const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(32, 1)]);
	beforeAll(async () => {
		root = mkdtempSync(path.join(tmpdir(), 'fax-hostile-'));
		folder = path.join(root, 'spool');
		mkdirSync(path.join(folder, 'in'), { recursive: true });
		writeFileSync(path.join(folder, 'in', 'a.tiff'), TIFF);
		writeFileSync(path.join(folder, 'b.tiff'), TIFF);
		writeFileSync(path.join(root, 'outside.tiff'), TIFF);
		symlinkSync(path.join(root, 'outside.tiff'), path.join(folder, 'out.tiff'));
		symlinkSync(root, path.join(folder, 'up'));
		server = await faxServer({ secret: SECRET }, { readFromFolder: folder });
	});
	afterAll(async () => {
		await server.close();
		rmSync(root, { recursive: true, force: true });
	});

	it('reads only regular files inside the folder, whatever the path says (400 otherwise)', async () => {
		const realPathOf = (target: string) => {
			try {
				return realpathSync(target);
			} catch {
				return undefined;
			}
		};
		const regularFilesInside = [path.join(folder, 'in', 'a.tiff'), path.join(folder, 'b.tiff')].map(realPathOf);
		const inside = new Set(['in/a.tiff', 'b.tiff', './b.tiff', 'in//a.tiff', 'in/./a.tiff']);
		const segments = fc.constantFrom('in', 'a.tiff', 'b.tiff', '..', '.', 'out.tiff', 'up', 'outside.tiff', 'spool', '', 'missing', '%2e%2e');
		const paths = generate(
			'paths',
			fc.oneof(
				fc.array(segments, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
				fc.constantFrom(...inside),
				fc.constantFrom(path.join(folder, 'b.tiff'), path.join(root, 'outside.tiff'), '/etc/hostname', folder, `${folder}/../outside.tiff`),
			),
			share(0.15),
		);
		await expectHostileCases(
			server,
			TRIGGER,
			paths.map((tiffPath) => {
				const id = callId();
				const body = Buffer.from(JSON.stringify({ from: '+15551230001', to: '+15559870002', callId: id, tiff_path: tiffPath }));
				const timestamp = now();
				// The file the path names, links followed, must be one of the folder's two regular files;
				// a link may pass outside and back in ("up/spool/b.tiff"). No ".." segment either way, and
				// no trailing slash (it names a folder).
				const regularInside =
					!tiffPath.split('/').includes('..') &&
					!tiffPath.endsWith('/') &&
					regularFilesInside.includes(realPathOf(path.resolve(folder, tiffPath)));
				return {
					label: `tiff_path ${JSON.stringify(tiffPath)}`,
					body,
					headers: { 'content-type': 'application/json', 'x-fax-signature': `t=${timestamp},v1=${sign(SECRET, timestamp, body)}` },
					status: regularInside ? 200 : 400,
					runFaxId: regularInside ? id : undefined,
				};
			}),
			[SECRET],
		);
	});
});

it('logged refusals at debug level, with at most one summary warning a minute', () => expectRefusalsLoggedQuietly(TRIGGER));
