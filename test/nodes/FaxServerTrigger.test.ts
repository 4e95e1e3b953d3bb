import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { FaxServerTrigger } from '../../nodes/FaxServer/FaxServerTrigger.node';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

const SECRET = 'fax-server-secret-0123456789abcdef';
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), Buffer.alloc(64, 3)]);

let server: TriggerServer;
afterEach(async () => await server?.close());

async function faxServer(options: { secret?: string; verification?: string; settings?: object; events?: string[] } = {}) {
	server = await startTriggerServer({
		node: new FaxServerTrigger(),
		webhookPath: 'faxserver',
		parameters: { events: options.events ?? ['fax.received', 'fax.failed'], settings: options.settings ?? {} },
		credentials: { faxServerApi: { secret: options.secret ?? SECRET, verification: options.verification ?? 'signature' } },
	});
	return server;
}

/** The signature as the README's shell script makes it: openssl over "<t>." followed by the body. */
function opensslSignature(secret: string, timestamp: number, body: Buffer): string {
	const signed = Buffer.concat([Buffer.from(`${timestamp}.`), body]);
	const output = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-hex'], { input: signed }).toString();
	return output.trim().split(' ').pop()!;
}

const now = () => Math.floor(Date.now() / 1000);

function faxForm(fields: Record<string, string>, document: Buffer | null = samplePdf('Fax server fax')) {
	return multipartBody(
		Object.entries(fields).map(([name, value]) => ({ name, value })),
		document ? [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: document }] : [],
	);
}

async function sendSigned(body: Buffer, contentType: string, options: { secret?: string; timestamp?: number; extra?: string } = {}) {
	const timestamp = options.timestamp ?? now();
	const signature = opensslSignature(options.secret ?? SECRET, timestamp, body);
	const header = `t=${timestamp},${options.extra ? `${options.extra},` : ''}v1=${signature}`;
	return await post(server.productionUrl, body, { 'content-type': contentType, 'x-fax-signature': header });
}

const FIELDS = { from: '+15551230001', to: '15559870002', pages: '2', status: 'received', callId: '1700000000.42', remoteStationId: 'ACME FAX' };

describe('Fax Server Trigger, signed requests', () => {
	it('turns a signed multipart fax into one item with the document as binary data', async () => {
		await faxServer();
		const pdf = samplePdf('Signed by openssl');
		const { body, contentType } = faxForm(FIELDS, pdf);
		expect((await sendSigned(body, contentType)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({
			provider: 'faxserver',
			event: 'fax.received',
			faxId: '1700000000.42',
			direction: 'inbound',
			status: 'success',
			from: '+15551230001',
			to: '+15559870002',
			pages: 2,
			error: null,
			document: { mimeType: 'application/pdf', size: pdf.length },
			raw: { remoteStationId: 'ACME FAX', callId: '1700000000.42' },
		});
		expect(binaryBytes(item).equals(pdf)).toBe(true);
	});

	it('starts one run for a call delivered twice', async () => {
		await faxServer();
		const { body, contentType } = faxForm(FIELDS);
		expect((await sendSigned(body, contentType)).status).toBe(200);
		const again = await sendSigned(body, contentType);
		expect(again.status).toBe(200);
		expect(JSON.parse(again.text)).toMatchObject({ started: false });
		expect(server.runs).toHaveLength(1);
	});

	it('takes the same document between the same numbers for the same fax when there is no call id', async () => {
		await faxServer();
		const { callId: _callId, ...withoutCallId } = FIELDS;
		const pdf = samplePdf('No call id');
		const first = faxForm(withoutCallId, pdf);
		expect((await sendSigned(first.body, first.contentType)).status).toBe(200);
		const second = faxForm(withoutCallId, pdf);
		expect((await sendSigned(second.body, second.contentType)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});

	it.each([
		['older than 5 minutes', { skew: -301 }],
		['more than 5 minutes ahead', { skew: 302 }],
		['with another secret', { secret: 'someone-else-secret-000000' }],
	])('refuses a request signed %s (401), starting nothing', async (_case, { skew = 0, secret }: { skew?: number; secret?: string }) => {
		await faxServer();
		const { body, contentType } = faxForm(FIELDS);
		const answer = await sendSigned(body, contentType, { timestamp: now() + skew, secret });
		expect(answer.status).toBe(401);
		expect(answer.text).not.toContain(SECRET);
		expect(server.runs).toHaveLength(0);
	});

	it('refuses a body changed after signing, a missing header and a malformed one', async () => {
		await faxServer();
		const { body, contentType } = faxForm(FIELDS);
		const timestamp = now();
		const header = `t=${timestamp},v1=${opensslSignature(SECRET, timestamp, body)}`;
		const tampered = Buffer.from(body.toString('latin1').replace('+15551230001', '+15551230009'), 'latin1');
		expect((await post(server.productionUrl, tampered, { 'content-type': contentType, 'x-fax-signature': header })).status).toBe(401);
		expect((await post(server.productionUrl, body, { 'content-type': contentType })).status).toBe(401);
		expect((await post(server.productionUrl, body, { 'content-type': contentType, 'x-fax-signature': 'sha256=abc' })).status).toBe(401);
		expect(server.runs).toHaveLength(0);
	});

	it('accepts any of several v1 signatures, for a secret being rotated', async () => {
		await faxServer();
		const { body, contentType } = faxForm(FIELDS);
		expect((await sendSigned(body, contentType, { extra: `v1=${'0'.repeat(64)}` })).status).toBe(200);
	});

	it('reads the JSON a seed gateway sends: base64 file and its own field names', async () => {
		await faxServer();
		const body = Buffer.from(
			JSON.stringify({
				from_number: '+4930123456',
				to_number: '004989765432',
				faxstatus: 'SUCCESS',
				faxpages: 3,
				uniqueid: 'asterisk-1699999999.7',
				file: TIFF.toString('base64'),
			}),
		);
		expect((await sendSigned(body, 'application/json')).status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			faxId: 'asterisk-1699999999.7',
			from: '+4930123456',
			to: '+4989765432',
			pages: 3,
			providerEvent: 'success',
			document: { size: TIFF.length },
			raw: { file: `[${TIFF.length} bytes, attached as binary data]` },
		});
	});

	it('reports a failed reception as fax.failed with the reason', async () => {
		await faxServer();
		const { body, contentType } = faxForm({ ...FIELDS, status: 'failed', error: 'No carrier' }, null);
		expect((await sendSigned(body, contentType)).status).toBe(200);
		expect(server.runs[0].items[0].json).toMatchObject({
			event: 'fax.failed',
			status: 'failure',
			error: { type: 'reception', message: 'No carrier' },
			document: null,
		});
	});

	it('acknowledges a failed reception without a run when only Fax Received is selected', async () => {
		await faxServer({ events: ['fax.received'] });
		const { body, contentType } = faxForm({ ...FIELDS, status: 'failed' }, null);
		expect((await sendSigned(body, contentType)).status).toBe(200);
		expect(server.runs).toHaveLength(0);
	});

	it('answers 400 to a received fax without its document, and to an unknown status', async () => {
		await faxServer();
		const missing = faxForm(FIELDS, null);
		expect((await sendSigned(missing.body, missing.contentType)).status).toBe(400);
		const unknown = faxForm({ ...FIELDS, status: 'maybe' });
		expect((await sendSigned(unknown.body, unknown.contentType)).status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});
});

describe('Fax Server Trigger, shared secret', () => {
	it('accepts X-Internal-Secret equal to the secret, and nothing else', async () => {
		await faxServer({ verification: 'sharedSecret' });
		const { body, contentType } = faxForm(FIELDS);
		expect((await post(server.productionUrl, body, { 'content-type': contentType, 'x-internal-secret': 'wrong' })).status).toBe(401);
		expect((await sendSigned(body, contentType)).status).toBe(401);
		expect((await post(server.productionUrl, body, { 'content-type': contentType, 'x-internal-secret': SECRET })).status).toBe(200);
		expect(server.runs).toHaveLength(1);
	});
});

describe('Fax Server Trigger, files named by path', () => {
	let root: string;
	let folder: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'fax-server-'));
		folder = path.join(root, 'spool');
		mkdirSync(path.join(folder, 'incoming'), { recursive: true });
		writeFileSync(path.join(folder, 'incoming', 'fax-1.tiff'), TIFF);
		writeFileSync(path.join(root, 'secret.tiff'), TIFF);
		symlinkSync(path.join(root, 'secret.tiff'), path.join(folder, 'link-out.tiff'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const pathRequest = (tiffPath: string, uniqueid = `u-${tiffPath}`) =>
		Buffer.from(JSON.stringify({ from_number: '+15551230001', to_number: '+15559870002', faxstatus: 'SUCCESS', uniqueid, tiff_path: tiffPath }));

	it('refuses a path unless Read From Folder is set, saying to send the file', async () => {
		await faxServer();
		const answer = await sendSigned(pathRequest('incoming/fax-1.tiff'), 'application/json');
		expect(answer.status).toBe(400);
		expect(answer.text).toContain('Read From Folder');
	});

	it('reads a regular file inside the folder, by relative or absolute path', async () => {
		await faxServer({ settings: { readFromFolder: folder } });
		expect((await sendSigned(pathRequest('incoming/fax-1.tiff'), 'application/json')).status).toBe(200);
		expect((await sendSigned(pathRequest(path.join(folder, 'incoming/fax-1.tiff'), 'abs'), 'application/json')).status).toBe(200);
		expect(server.runs).toHaveLength(2);
		expect(binaryBytes(server.runs[0].items[0]).equals(TIFF)).toBe(true);
	});

	it.each([
		['a ".." segment', 'incoming/../../secret.tiff'],
		['a link that leads out', 'link-out.tiff'],
		['an absolute path outside', '/etc/hostname'],
		['a folder', 'incoming'],
		['a file that is not there', 'incoming/missing.tiff'],
	])('refuses %s (400) and starts nothing', async (_case, tiffPath) => {
		await faxServer({ settings: { readFromFolder: folder } });
		expect((await sendSigned(pathRequest(tiffPath), 'application/json')).status).toBe(400);
		expect(server.runs).toHaveLength(0);
	});
});

describe('Fax Server Trigger, configuration', () => {
	it('refuses activation and every request while the secret is shorter than 16 characters', async () => {
		await faxServer({ secret: 'short' });
		await expect(new FaxServerTrigger().webhookMethods.default.create.call(server.hookContext())).rejects.toMatchObject({
			description: expect.stringContaining('at least 16 characters'),
		});
		const { body, contentType } = faxForm(FIELDS);
		expect((await sendSigned(body, contentType, { secret: 'short' })).status).toBe(401);
	});

	it('tests a credential by the length of its secret', async () => {
		const test = new FaxServerTrigger().methods.credentialTest.faxServerSecret;
		const context = {} as ICredentialTestFunctions;
		const credential = (secret: string) => ({ id: '1', name: 'fax server', type: 'faxServerApi', data: { secret } });
		expect(await test.call(context, credential(SECRET))).toMatchObject({ status: 'OK' });
		expect(await test.call(context, credential('short'))).toMatchObject({ status: 'Error' });
	});
});
