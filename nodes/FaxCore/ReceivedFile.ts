import { createHash, type Hash } from 'crypto';

/**
 * A file part of a webhook request, held once in memory as the chunks it arrived in, with the
 * hashes computed while it streamed in.
 */
export interface ReceivedFile {
	fieldName: string;
	fileName: string;
	declaredMimeType: string;
	size: number;
	/** Only when asked for (Phaxio signs it): a second full hash costs as much as the first. */
	sha1?: string;
	sha256: string;
	chunks: Buffer[];
}

export interface FileHashes {
	sha1?: boolean;
}

export interface ReceivedField {
	name: string;
	value: string;
}

/** Accumulates a file chunk by chunk: the hashes and size grow with it, no copy is made. */
export class ReceivedFileBuilder {
	private readonly chunks: Buffer[] = [];
	private readonly sha1: Hash | undefined;
	private readonly sha256: Hash = createHash('sha256');
	size = 0;

	constructor(
		private readonly fieldName: string,
		private readonly fileName: string,
		private readonly declaredMimeType: string,
		hashes: FileHashes = {},
	) {
		if (hashes.sha1) this.sha1 = createHash('sha1');
	}

	add(chunk: Buffer): void {
		this.chunks.push(chunk);
		this.sha1?.update(chunk);
		this.sha256.update(chunk);
		this.size += chunk.length;
	}

	finish(): ReceivedFile {
		return {
			fieldName: this.fieldName,
			fileName: this.fileName,
			declaredMimeType: this.declaredMimeType,
			size: this.size,
			sha1: this.sha1?.digest('hex'),
			sha256: this.sha256.digest('hex'),
			chunks: this.chunks,
		};
	}
}

export function receivedFileFromBuffer(
	fieldName: string,
	fileName: string,
	declaredMimeType: string,
	content: Buffer,
	hashes: FileHashes = {},
): ReceivedFile {
	const builder = new ReceivedFileBuilder(fieldName, fileName, declaredMimeType, hashes);
	builder.add(content);
	return builder.finish();
}

/** The first `length` bytes of a file, for recognising its type. */
export function fileHead(file: ReceivedFile, length: number): Buffer {
	const head: Buffer[] = [];
	let collected = 0;
	for (const chunk of file.chunks) {
		if (collected >= length) break;
		head.push(chunk.subarray(0, length - collected));
		collected += head[head.length - 1].length;
	}
	return Buffer.concat(head);
}
