import { randomBytes } from 'crypto';
import { Readable } from 'stream';

/** A text field of a multipart/form-data body. */
export interface MultipartField {
	field: string;
	value: string;
}

/** A file part: its bytes are read from `open()` only while the body is being sent. */
export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	size: number;
	open(): Promise<Readable | Buffer>;
}

export interface MultipartBody {
	body: Readable;
	headers: { 'content-type': string; 'content-length': string };
}

const CRLF = '\r\n';

const CONSUMED_MESSAGE = 'The fax request body was already sent once; a stream cannot be sent again';

/**
 * A request body that can be read once. Sent a second time (n8n 1.x re-sends a request after
 * renewing a token, with the stream already read), it fails the request at once instead of
 * announcing its length and sending nothing, which would leave the request hanging.
 */
class SingleUseBody extends Readable {
	private started = false;
	private piped = false;

	constructor(private readonly source: Readable) {
		super();
	}

	_read() {
		if (this.started) {
			this.source.resume();
			return;
		}
		// Nothing is read (no file opened) before the request is sent.
		this.started = true;
		this.source.on('data', (chunk: Buffer) => {
			if (!this.push(chunk)) this.source.pause();
		});
		this.source.on('end', () => this.push(null));
		this.source.on('error', (error) => this.destroy(error));
	}

	_destroy(error: Error | null, callback: (error?: Error | null) => void) {
		this.source.destroy();
		callback(error);
	}

	pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
		if (this.piped) {
			(destination as unknown as { destroy?: (error: Error) => void }).destroy?.(new Error(CONSUMED_MESSAGE));
			return destination;
		}
		this.piped = true;
		return super.pipe(destination, options);
	}
}

/** Whether a failure is a streamed body being sent a second time (see SingleUseBody). */
export function isConsumedBodyError(error: unknown): boolean {
	for (let candidate = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; candidate && depth < 4; depth++) {
		if (candidate.message === CONSUMED_MESSAGE) return true;
		candidate = candidate.cause as typeof candidate;
	}
	return false;
}

/** Quotes a header parameter as browsers do: no raw quotes or line breaks can break out of it. */
function quoted(value: string): string {
	return `"${value.replace(/[\r\n"\\]/g, (character) => encodeURIComponent(character))}"`;
}

/**
 * A multipart/form-data body as a stream, with its length known up front: part headers and the
 * trailer are small strings, each file is piped from where it is stored (n8n's binary data store
 * or a buffer), so a 20 MB document is never copied a second time into memory.
 */
export function multipartStream(fields: MultipartField[], files: MultipartFile[]): MultipartBody {
	const boundary = `----n8nFax${randomBytes(12).toString('hex')}`;
	const fieldText = fields
		.map((field) => `--${boundary}${CRLF}Content-Disposition: form-data; name=${quoted(field.field)}${CRLF}${CRLF}${field.value}${CRLF}`)
		.join('');
	const fileHeads = files.map(
		(file) =>
			`--${boundary}${CRLF}Content-Disposition: form-data; name=${quoted(file.field)}; filename=${quoted(file.fileName)}${CRLF}` +
			`Content-Type: ${file.contentType}${CRLF}${CRLF}`,
	);
	const trailer = `--${boundary}--${CRLF}`;
	const length =
		Buffer.byteLength(fieldText) +
		fileHeads.reduce((total, head, index) => total + Buffer.byteLength(head) + files[index].size + CRLF.length, 0) +
		Buffer.byteLength(trailer);

	async function* parts(): AsyncGenerator<Buffer> {
		if (fieldText !== '') yield Buffer.from(fieldText);
		for (const [index, file] of files.entries()) {
			yield Buffer.from(fileHeads[index]);
			const content = await file.open();
			let sent = 0;
			if (Buffer.isBuffer(content)) {
				sent = content.length;
				yield content;
			} else {
				for await (const chunk of content) {
					sent += (chunk as Buffer).length;
					yield chunk as Buffer;
				}
			}
			if (sent !== file.size) {
				throw new Error(`The document "${file.fileName}" changed size while it was sent (${sent} of ${file.size} bytes)`);
			}
			yield Buffer.from(CRLF);
		}
		yield Buffer.from(trailer);
	}

	return {
		body: new SingleUseBody(Readable.from(parts(), { objectMode: false })),
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': String(length),
		},
	};
}
