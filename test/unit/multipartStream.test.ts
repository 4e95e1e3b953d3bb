import busboy from 'busboy';
import { PassThrough, Readable } from 'stream';

import { isConsumedBodyError, multipartStream } from '../../nodes/FaxCore/multipartStream';

async function read(body: Readable): Promise<Buffer> {
	return Buffer.concat(await body.toArray());
}

describe('multipartStream', () => {
	it('announces the exact length and parses back to the same fields and files, UTF-8 and quotes included', async () => {
		const pdf = Buffer.from('%PDF-1.4 … ünïcödé bytes');
		const { body, headers } = multipartStream(
			[
				{ field: 'header_text', value: 'Müller & Söhne – Rechnung' },
				{ field: 'to[]', value: '+4930123456' },
			],
			[{ field: 'file[]', fileName: 'Rechnung "März".pdf', contentType: 'application/pdf', size: pdf.length, open: async () => Readable.from([pdf.subarray(0, 5), pdf.subarray(5)]) }],
		);
		const bytes = await read(body);
		expect(bytes.length).toBe(Number(headers['content-length']));

		const parsed: Array<[string, string]> = [];
		await new Promise<void>((resolve, reject) => {
			const parser = busboy({ headers: { 'content-type': headers['content-type'] }, defParamCharset: 'utf8' });
			parser.on('field', (name, value) => parsed.push([name, value]));
			parser.on('file', (name, stream, info) => {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => parsed.push([`${name}:${info.filename}`, Buffer.concat(chunks).toString('utf8')]));
			});
			parser.on('close', resolve);
			parser.on('error', reject);
			Readable.from([bytes]).pipe(parser);
		});
		expect(parsed).toEqual([
			['header_text', 'Müller & Söhne – Rechnung'],
			['to[]', '+4930123456'],
			['file[]:Rechnung %22März%22.pdf', pdf.toString('utf8')],
		]);
	});

	it('opens no document before the body is read', async () => {
		const open = jest.fn(async () => Buffer.from('%PDF-'));
		const { body } = multipartStream([], [{ field: 'file', fileName: 'a.pdf', contentType: 'application/pdf', size: 5, open }]);
		await new Promise((resolve) => setImmediate(resolve));
		expect(open).not.toHaveBeenCalled();
		await read(body);
		expect(open).toHaveBeenCalledTimes(1);
	});

	it('fails a document whose size differs from the one announced', async () => {
		const { body } = multipartStream([], [{ field: 'file', fileName: 'a.pdf', contentType: 'application/pdf', size: 10, open: async () => Buffer.from('%PDF-') }]);
		await expect(read(body)).rejects.toThrow('changed size while it was sent (5 of 10 bytes)');
	});

	it('fails a second send at once, recognisably, instead of sending nothing', async () => {
		const { body } = multipartStream([{ field: 'to', value: '+15551234567' }], []);
		const first = new PassThrough();
		body.pipe(first);
		await Readable.from(first).toArray();
		const second = new PassThrough();
		const failed = new Promise<Error>((resolve) => second.on('error', resolve));
		body.pipe(second);
		expect(isConsumedBodyError(await failed)).toBe(true);
	});
});
