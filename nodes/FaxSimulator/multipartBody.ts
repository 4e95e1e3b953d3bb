import { randomBytes } from 'crypto';

export interface MultipartField {
	name: string;
	value: string;
}

export interface MultipartFile {
	name: string;
	fileName: string;
	contentType: string;
	content: Buffer;
}

export interface EncodedBody {
	contentType: string;
	body: Buffer;
}

/** A multipart/form-data body as a browser or a provider's HTTP client sends it. */
export function multipartBody(fields: MultipartField[], files: MultipartFile[] = []): EncodedBody {
	const boundary = `----n8nNodesFax${randomBytes(12).toString('hex')}`;
	const parts: Buffer[] = [];
	for (const field of fields) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${field.name}"\r\n\r\n${field.value}\r\n`,
			),
		);
	}
	for (const file of files) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
			),
			file.content,
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
