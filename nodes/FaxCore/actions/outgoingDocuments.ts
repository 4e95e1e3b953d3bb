import { BINARY_ENCODING, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { DOCUMENT_HEAD_BYTES, documentTypeOfHead } from '../faxDocument';
import type { MultipartFile } from '../multipartStream';

/** A document to send, read from the item's binary data only when the request body is sent. */
export type OutgoingDocument = Omit<MultipartFile, 'field'>;

/** Property names from the "Input Binary Field" parameter: `data` or `data, cover`. */
export function binaryPropertyNames(value: string): string[] {
	return value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

async function firstBytes(context: IExecuteFunctions, binaryDataId: string): Promise<Buffer> {
	const stream = await context.helpers.getBinaryStream(binaryDataId);
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of stream) {
		chunks.push(chunk as Buffer);
		length += (chunk as Buffer).length;
		if (length >= DOCUMENT_HEAD_BYTES) break;
	}
	stream.destroy();
	return Buffer.concat(chunks).subarray(0, DOCUMENT_HEAD_BYTES);
}

/**
 * The documents of one input item, checked before any call: each named binary property exists,
 * is not empty and, when `pdfOrTiffOnly`, is a PDF or TIFF by its bytes. A binary held in n8n's
 * binary data store (it has an `id`) is streamed from there; one held in the item is a buffer.
 */
export async function outgoingDocuments(
	context: IExecuteFunctions,
	itemIndex: number,
	parameterValue: string,
	{ pdfOrTiffOnly }: { pdfOrTiffOnly: boolean },
): Promise<OutgoingDocument[]> {
	const names = binaryPropertyNames(parameterValue);
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
	if (names.length === 0) {
		throw fail('The "Input Binary Field" parameter is empty', 'Name the binary property that holds the document, usually "data".');
	}
	const item = context.getInputData()[itemIndex];
	const documents: OutgoingDocument[] = [];
	for (const name of names) {
		if (!item.binary?.[name]) {
			const present = Object.keys(item.binary ?? {});
			throw fail(
				`Input item ${itemIndex} has no binary property "${name}" (from the "Input Binary Field" parameter)`,
				present.length > 0
					? `The item has binary properties: ${present.join(', ')}. Put the right one in "Input Binary Field".`
					: 'The item has no binary data: read or download the document first (Read/Write Files from Disk, HTTP Request, Google Drive…).',
			);
		}
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		let size: number;
		let head: Buffer;
		let open: OutgoingDocument['open'];
		if (binary.id) {
			const binaryDataId = binary.id;
			size = (await context.helpers.getBinaryMetadata(binaryDataId)).fileSize;
			head = await firstBytes(context, binaryDataId);
			open = async () => await context.helpers.getBinaryStream(binaryDataId);
		} else {
			const content = Buffer.from(binary.data, BINARY_ENCODING);
			size = content.length;
			head = content.subarray(0, DOCUMENT_HEAD_BYTES);
			open = async () => content;
		}
		if (size === 0) throw fail(`The binary property "${name}" is empty`, 'Fax a document with at least one page.');
		const detected = documentTypeOfHead(head);
		if (pdfOrTiffOnly && !detected) {
			throw fail(
				`The binary property "${name}" is not a PDF or TIFF (${binary.fileName ?? 'unnamed'}, declared ${binary.mimeType})`,
				'This provider faxes PDF and TIFF documents: convert the document first, or point "Input Binary Field" at the PDF.',
			);
		}
		const contentType = detected ?? binary.mimeType ?? 'application/octet-stream';
		const extension = detected === 'image/tiff' ? 'tiff' : detected ? 'pdf' : undefined;
		const fileName = binary.fileName ?? (extension ? `${name}.${extension}` : name);
		documents.push({ fileName, contentType, size, open });
	}
	return documents;
}
