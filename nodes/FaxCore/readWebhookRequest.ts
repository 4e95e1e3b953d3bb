import busboy from 'busboy';
import { promises as fs } from 'fs';
import type { IncomingMessage } from 'http';
import { Readable } from 'stream';

import { malformed, tooLarge, WebhookRejection } from './WebhookRejection';
import {
	receivedFileFromBuffer,
	ReceivedFileBuilder,
	type FileHashes,
	type ReceivedField,
	type ReceivedFile,
} from './ReceivedFile';
import { parseJsonBody } from './jsonBody';
import { isRecord } from './normalize';

/**
 * The one module that touches busboy and the file system: everything a request carries, read
 * whatever shape n8n hands it over in.
 */

export type BodyFormat = 'multipart' | 'json';

export interface WebhookBody {
	format: BodyFormat;
	/** Form fields in wire order (multipart only). */
	fields: ReceivedField[];
	files: ReceivedFile[];
	/** The parsed body (JSON only), parsed when first read; a body that is not JSON throws a 400 then. */
	json: unknown;
	/**
	 * The body's bytes as received, in the chunks they came in: always for JSON, for multipart
	 * when asked for (a signature over the whole body). The file chunks are views into the same
	 * memory, not copies. Undefined when n8n parsed the body before the trigger saw it.
	 */
	raw?: Buffer[];
}

export interface BodyLimits {
	maxFileBytes: number;
	maxFiles: number;
	maxFieldBytes: number;
	maxFields: number;
	maxJsonBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
	maxFileBytes: 64 * 1024 * 1024,
	maxFiles: 4,
	maxFieldBytes: 1024 * 1024,
	maxFields: 64,
	maxJsonBytes: 96 * 1024 * 1024,
};

/** The request as n8n gives it: an Express request, sometimes with a body already parsed. */
export type WebhookHttpRequest = IncomingMessage & {
	body?: unknown;
	rawBody?: unknown;
};

/** A file as n8n's formidable pre-parsing leaves it in the temp folder. */
interface PreParsedFile {
	filepath: string;
	originalFilename?: string | null;
	mimetype?: string | null;
}

export async function readWebhookRequest(
	req: WebhookHttpRequest,
	limits: BodyLimits = DEFAULT_BODY_LIMITS,
	hashes: FileHashes = {},
	keepRawBody = false,
): Promise<WebhookBody> {
	const contentType = (req.headers['content-type'] ?? '').toLowerCase();
	if (contentType.startsWith('multipart/form-data')) {
		if (isPreParsedMultipart(req.body)) return await readPreParsedMultipart(req.body, limits, hashes);
		if (req.readableEnded) throw malformed('The multipart body could not be read');
		return await readMultipartStream(req, limits, hashes, keepRawBody);
	}
	if (contentType.startsWith('application/json') || contentType.endsWith('+json')) {
		return await readJson(req, limits);
	}
	throw new WebhookRejection(
		415,
		`Unsupported content type "${contentType.split(';')[0] || 'none'}": expected multipart/form-data or application/json`,
	);
}

function isPreParsedMultipart(
	body: unknown,
): body is { data?: Record<string, unknown>; files?: Record<string, unknown> } {
	return isRecord(body) && (isRecord(body.data) || isRecord(body.files));
}

async function readMultipartStream(
	req: WebhookHttpRequest,
	limits: BodyLimits,
	hashes: FileHashes,
	keepRawBody: boolean,
): Promise<WebhookBody> {
	return await new Promise<WebhookBody>((resolve, reject) => {
		const fields: ReceivedField[] = [];
		const raw: Buffer[] | undefined = keepRawBody ? [] : undefined;
		// What the parts may hold, plus their headers and boundaries: anything more is not a fax.
		const maxRawBytes = limits.maxFiles * limits.maxFileBytes + limits.maxFields * limits.maxFieldBytes + 1024 * 1024;
		let rawBytes = 0;
		const keepRaw = (chunk: Buffer) => {
			rawBytes += chunk.length;
			if (rawBytes > maxRawBytes) fail(tooLarge(`The body is larger than ${maxRawBytes} bytes`));
			else raw?.push(chunk);
		};
		const pendingFiles: Array<Promise<ReceivedFile>> = [];
		let settled = false;

		let parser: busboy.Busboy;
		try {
			parser = busboy({
				headers: req.headers,
				limits: {
					files: limits.maxFiles,
					fileSize: limits.maxFileBytes,
					fields: limits.maxFields,
					fieldSize: limits.maxFieldBytes,
					parts: limits.maxFiles + limits.maxFields,
				},
			});
		} catch {
			reject(malformed('The multipart body has no valid boundary'));
			return;
		}

		const fail = (rejection: WebhookRejection) => {
			if (settled) return;
			settled = true;
			req.unpipe(parser);
			req.off('data', keepRaw);
			raw?.splice(0);
			// Drain what the sender still sends, so the answer reaches it.
			req.resume();
			reject(rejection);
		};

		parser.on('field', (name, value, info) => {
			if (info.valueTruncated) {
				fail(tooLarge(`Form field "${name}" is larger than ${limits.maxFieldBytes} bytes`));
				return;
			}
			fields.push({ name, value });
		});
		parser.on('file', (fieldName, stream, info) => {
			const builder = new ReceivedFileBuilder(fieldName, info.filename ?? '', info.mimeType, hashes);
			pendingFiles.push(
				new Promise<ReceivedFile>((resolveFile) => {
					stream.on('data', (chunk: Buffer) => builder.add(chunk));
					stream.on('limit', () =>
						fail(tooLarge(`File "${fieldName}" is larger than ${limits.maxFileBytes} bytes`)),
					);
					stream.on('error', () => fail(malformed('The multipart body is malformed or truncated')));
					stream.on('end', () => resolveFile(builder.finish()));
				}),
			);
		});
		const tooManyParts = () => fail(tooLarge('The multipart body has too many parts'));
		parser.on('filesLimit', tooManyParts);
		parser.on('fieldsLimit', tooManyParts);
		parser.on('partsLimit', tooManyParts);
		parser.on('error', () => fail(malformed('The multipart body is malformed or truncated')));
		parser.on('close', () => {
			void Promise.all(pendingFiles).then((files) => {
				if (settled) return;
				settled = true;
				resolve({ format: 'multipart', fields, files, json: undefined, raw });
			});
		});
		req.on('aborted', () => fail(malformed('The request was aborted before its body ended')));
		req.on('error', () => fail(malformed('The request body could not be read')));
		if (raw) req.on('data', keepRaw);
		req.pipe(parser);
	});
}

/**
 * n8n parsed the body already (formidable): fields as text, files in its temp folder. The files
 * are read and then deleted, since n8n 1.x leaves them behind.
 */
async function readPreParsedMultipart(
	body: { data?: Record<string, unknown>; files?: Record<string, unknown> },
	limits: BodyLimits,
	hashes: FileHashes,
): Promise<WebhookBody> {
	const fields: ReceivedField[] = [];
	for (const [name, value] of Object.entries(body.data ?? {})) {
		for (const single of Array.isArray(value) ? value : [value]) {
			fields.push({ name, value: typeof single === 'string' ? single : JSON.stringify(single) });
		}
	}
	const oversized = fields.find((field) => Buffer.byteLength(field.value) > limits.maxFieldBytes);
	const parts: Array<[string, PreParsedFile]> = [];
	for (const [fieldName, value] of Object.entries(body.files ?? {})) {
		for (const file of Array.isArray(value) ? value : [value]) {
			if (isRecord(file) && typeof file.filepath === 'string') {
				parts.push([fieldName, file as unknown as PreParsedFile]);
			}
		}
	}
	try {
		if (oversized) throw tooLarge(`Form field "${oversized.name}" is larger than ${limits.maxFieldBytes} bytes`);
		if (parts.length > limits.maxFiles || fields.length > limits.maxFields) {
			throw tooLarge('The multipart body has too many parts');
		}
		const files: ReceivedFile[] = [];
		for (const [fieldName, file] of parts) {
			const { size } = await fs.stat(file.filepath);
			if (size > limits.maxFileBytes) {
				throw tooLarge(`File "${fieldName}" is larger than ${limits.maxFileBytes} bytes`);
			}
			files.push(
				receivedFileFromBuffer(
					fieldName,
					file.originalFilename ?? '',
					file.mimetype ?? 'application/octet-stream',
					await fs.readFile(file.filepath),
					hashes,
				),
			);
		}
		return { format: 'multipart', fields, files, json: undefined };
	} finally {
		await Promise.all(parts.map(async ([, file]) => await fs.rm(file.filepath, { force: true })));
	}
}

/**
 * A JSON body, read whole (bounded) and parsed when first used: after the checks over its raw
 * bytes, so that a forged body is refused for its signature (401), not for its syntax (400).
 */
async function readJson(req: WebhookHttpRequest, limits: BodyLimits): Promise<WebhookBody> {
	let bytes: Buffer;
	if (Buffer.isBuffer(req.rawBody)) {
		bytes = req.rawBody;
		if (bytes.length > limits.maxJsonBytes) throw tooLarge(`The body is larger than ${limits.maxJsonBytes} bytes`);
		// n8n parsed it already (a version-2 trigger): its result, not a second parse.
		if (isRecord(req.body)) return { format: 'json', fields: [], files: [], raw: [bytes], json: req.body };
	} else if (req.readableEnded) {
		if (req.body === undefined) throw malformed('The JSON body could not be read');
		return { format: 'json', fields: [], files: [], json: req.body };
	} else {
		bytes = await readBounded(req, limits.maxJsonBytes);
	}
	let parsed: { value: unknown } | undefined;
	return {
		format: 'json',
		fields: [],
		files: [],
		raw: [bytes],
		get json() {
			parsed ??= { value: parseJson(bytes) };
			return parsed.value;
		},
	};
}

function parseJson(bytes: Buffer): unknown {
	try {
		return parseJsonBody(bytes);
	} catch {
		throw malformed('The body is not valid JSON');
	}
}

async function readBounded(req: WebhookHttpRequest, maxBytes: number): Promise<Buffer> {
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) {
				chunks.push(chunk);
				return;
			}
			// Stop keeping bytes but drain the rest, so the answer reaches the sender.
			req.off('data', onData);
			req.resume();
			chunks.length = 0;
			reject(tooLarge(`The body is larger than ${maxBytes} bytes`));
		};
		req.on('data', onData);
		req.on('end', () => resolve(Buffer.concat(chunks, size)));
		req.on('aborted', () => reject(malformed('The request was aborted before its body ended')));
		req.on('error', () => reject(malformed('The request body could not be read')));
	});
}

/** A file's bytes as a stream, so that n8n can store them without another full copy. */
export function fileStream(file: ReceivedFile): Readable {
	return Readable.from(file.chunks, { objectMode: false });
}
