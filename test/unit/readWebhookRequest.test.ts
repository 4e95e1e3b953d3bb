import { createHash } from 'crypto';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

import { readWebhookRequest, type BodyLimits, type WebhookBody } from '../../nodes/FaxCore/readWebhookRequest';
import { WebhookRejection } from '../../nodes/FaxCore/WebhookRejection';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';

const limits: BodyLimits = { maxFileBytes: 4096, maxFiles: 2, maxFieldBytes: 256, maxFields: 8, maxJsonBytes: 1024 };

/** Reads each request with readWebhookRequest and answers with what it saw. */
async function readerServer(): Promise<{ url: string; server: Server }> {
	const server = createServer((req: IncomingMessage, res) => {
		// A JSON body is parsed when first read, as the road reads it: after the checks over its bytes.
		readWebhookRequest(req, limits, { sha1: req.url === '/?sha1' })
			.then((body: WebhookBody) => ({ ...body, json: body.json }))
			.then(
				(body: WebhookBody) => {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							format: body.format,
							fields: body.fields,
							files: body.files.map(({ fieldName, size, sha1, sha256 }) => ({ fieldName, size, sha1, sha256 })),
							json: body.json,
						}),
					);
				},
				(error: unknown) => {
					const status = error instanceof WebhookRejection ? error.status : 500;
					res.writeHead(status).end((error as Error).message);
				},
			);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

let url: string;
let server: Server;
beforeAll(async () => ({ url, server } = await readerServer()));
afterAll(async () => await new Promise((resolve) => server.close(resolve)));

const send = async (body: Buffer | string, contentType: string, query = '') => {
	const response = await fetch(url + query, { method: 'POST', body, headers: { 'content-type': contentType } });
	return { status: response.status, text: await response.text() };
};

describe('readWebhookRequest', () => {
	it('reads fields in wire order and hashes each file as it streams in', async () => {
		const pdf = samplePdf('hash me');
		const { body, contentType } = multipartBody(
			[
				{ name: 'b', value: '2' },
				{ name: 'a', value: '1' },
			],
			[{ name: 'file', fileName: 'f.pdf', contentType: 'application/pdf', content: pdf }],
		);
		const answer = JSON.parse((await send(body, contentType)).text);
		expect(answer.fields).toEqual([
			{ name: 'b', value: '2' },
			{ name: 'a', value: '1' },
		]);
		expect(answer.files).toEqual([
			{ fieldName: 'file', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') },
		]);
	});

	it.each([
		['a file over the size limit', multipartBody([], [{ name: 'file', fileName: 'f', contentType: 'x', content: Buffer.alloc(5000) }]), 413],
		['a field over the size limit', multipartBody([{ name: 'fax', value: 'x'.repeat(300) }]), 413],
		['too many files', multipartBody([], [1, 2, 3].map((n) => ({ name: `f${n}`, fileName: 'f', contentType: 'x', content: Buffer.alloc(1) }))), 413],
		['too many fields', multipartBody(Array.from({ length: 9 }, (_, n) => ({ name: `f${n}`, value: 'v' }))), 413],
	])('refuses %s', async (_case, encoded, status) => {
		expect((await send(encoded.body, encoded.contentType)).status).toBe(status);
	});

	it('computes a file\'s SHA-1 only when asked for it', async () => {
		const pdf = samplePdf('sha-1 on request');
		const { body, contentType } = multipartBody([], [{ name: 'file', fileName: 'f.pdf', contentType: 'application/pdf', content: pdf }]);
		const [withoutSha1] = JSON.parse((await send(body, contentType)).text).files;
		expect(withoutSha1.sha1).toBeUndefined();
		expect(withoutSha1.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
		const [withSha1] = JSON.parse((await send(body, contentType, '?sha1')).text).files;
		expect(withSha1.sha1).toBe(createHash('sha1').update(pdf).digest('hex'));
	});

	it('refuses multipart without a boundary, truncated multipart and unknown types', async () => {
		expect((await send('--x\r\n', 'multipart/form-data')).status).toBe(400);
		const { body, contentType } = multipartBody([{ name: 'a', value: '1' }]);
		expect((await send(body.subarray(0, body.length - 10), contentType)).status).toBe(400);
		expect((await send('a=1', 'application/x-www-form-urlencoded')).status).toBe(415);
	});

	it('parses JSON bodies within the limit and refuses larger or broken ones', async () => {
		expect(JSON.parse((await send('{"a":[1,2]}', 'application/json')).text).json).toEqual({ a: [1, 2] });
		expect((await send(JSON.stringify({ a: 'x'.repeat(2000) }), 'application/json')).status).toBe(413);
		expect((await send('{"a":', 'application/json')).status).toBe(400);
	});

	it('takes a JSON body n8n already parsed (version 2) as it is, with its raw bytes for the checks, within the limit', async () => {
		const { Readable } = await import('stream');
		const bodyParsedByN8n = (raw: Buffer, body: unknown) =>
			Object.assign(Readable.from([]), { headers: { 'content-type': 'application/json' }, rawBody: raw, body }) as never;
		const raw = Buffer.from('{"event":"INCOMING_FAX","note":"Zürich"}');
		const parsed = { event: 'INCOMING_FAX', note: 'Zürich' };
		const body = await readWebhookRequest(bodyParsedByN8n(raw, parsed), limits);
		expect(body.json).toBe(parsed);
		expect(Buffer.concat(body.raw!).equals(raw)).toBe(true);
		await expect(readWebhookRequest(bodyParsedByN8n(Buffer.alloc(2000, 0x20), {}), limits)).rejects.toMatchObject({ status: 413 });
	});
});
