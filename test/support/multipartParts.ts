import busboy from 'busboy';
import { createHash } from 'crypto';
import { Readable } from 'stream';

import type { RecordedRequest } from './fakeApiServer';

export interface ParsedPart {
	field: string;
	value?: string;
	file?: { fileName: string; contentType: string; content: Buffer; sha256: string };
}

/** Parses a recorded multipart/form-data request the way a provider's server would (busboy). */
export async function multipartParts(request: RecordedRequest): Promise<ParsedPart[]> {
	const contentType = request.headers['content-type'] ?? '';
	if (!contentType.startsWith('multipart/form-data')) throw new Error(`Expected multipart/form-data, got "${contentType}"`);
	const declared = Number(request.headers['content-length']);
	if (!Number.isFinite(declared) || declared !== request.raw.length) {
		throw new Error(`content-length ${request.headers['content-length']} does not match the ${request.raw.length} bytes received`);
	}
	const parts: ParsedPart[] = [];
	await new Promise<void>((resolve, reject) => {
		const parser = busboy({ headers: request.headers, limits: { fileSize: 200 * 1024 * 1024 } });
		parser.on('field', (field, value) => parts.push({ field, value }));
		parser.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const content = Buffer.concat(chunks);
				parts.push({
					field,
					file: {
						fileName: info.filename,
						contentType: info.mimeType,
						content,
						sha256: createHash('sha256').update(content).digest('hex'),
					},
				});
			});
		});
		parser.on('close', resolve);
		parser.on('error', reject);
		Readable.from([request.raw]).pipe(parser);
	});
	return parts;
}
