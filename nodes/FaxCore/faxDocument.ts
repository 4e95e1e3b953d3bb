import type { IBinaryData, IWebhookFunctions } from 'n8n-workflow';

import type { FaxDocument } from './FaxEvent';
import { fileStream } from './readWebhookRequest';
import { fileHead, type ReceivedFile } from './ReceivedFile';

export type DocumentMimeType = 'application/pdf' | 'image/tiff';

const PDF_MAGIC = Buffer.from('%PDF-');
const TIFF_MAGIC_LITTLE_ENDIAN = Buffer.from([0x49, 0x49, 0x2a, 0x00]);
const TIFF_MAGIC_BIG_ENDIAN = Buffer.from([0x4d, 0x4d, 0x00, 0x2a]);
/** PDF allows a little junk before the header; readers look in the first kilobyte. */
export const DOCUMENT_HEAD_BYTES = 1024;

/** What a file really is, from its first bytes; null when it is neither a PDF nor a TIFF. */
export function detectDocumentType(file: ReceivedFile): DocumentMimeType | null {
	return documentTypeOfHead(fileHead(file, DOCUMENT_HEAD_BYTES));
}

/** The same decision from a file's first DOCUMENT_HEAD_BYTES bytes. */
export function documentTypeOfHead(head: Buffer): DocumentMimeType | null {
	if (head.subarray(0, 4).equals(TIFF_MAGIC_LITTLE_ENDIAN)) return 'image/tiff';
	if (head.subarray(0, 4).equals(TIFF_MAGIC_BIG_ENDIAN)) return 'image/tiff';
	if (head.includes(PDF_MAGIC)) return 'application/pdf';
	return null;
}

export function documentFileName(faxId: string, mimeType: DocumentMimeType): string {
	const safeId = faxId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100) || 'unknown';
	return `fax-${safeId}.${mimeType === 'application/pdf' ? 'pdf' : 'tiff'}`;
}

export interface AttachedDocument {
	binary: IBinaryData;
	document: FaxDocument;
}

/** Hands the file to n8n's binary data store as a stream: n8n keeps it, we keep no copy. */
export async function attachDocument(
	context: IWebhookFunctions,
	file: ReceivedFile,
	mimeType: DocumentMimeType,
	faxId: string,
): Promise<AttachedDocument> {
	const fileName = documentFileName(faxId, mimeType);
	const binary = await context.helpers.prepareBinaryData(fileStream(file), fileName, mimeType);
	return {
		binary,
		document: { fileName, mimeType, size: file.size, sha256: file.sha256 },
	};
}
