import { createHash } from 'crypto';
import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { buildFaxItemJson } from '../FaxEvent';
import { documentFileName, documentTypeOfHead, DOCUMENT_HEAD_BYTES } from '../faxDocument';
import { recordAsEvent, type FaxRecord } from '../faxRecord';

/** The normalized item for a fax record read through the API (the triggers' item shape). */
export function faxRecordItem(record: FaxRecord, raw: IDataObject): INodeExecutionData {
	return { json: buildFaxItemJson(recordAsEvent(record), null, null, raw) as unknown as IDataObject };
}

/**
 * A downloaded document as the item's binary property, named `fax-<faxId>.pdf` (or `.tiff`) by
 * what its bytes are: a provider answering with anything else (an error page) is an error.
 */
export async function faxDocumentItem(
	context: IExecuteFunctions,
	itemIndex: number,
	record: FaxRecord,
	raw: IDataObject,
	content: Buffer,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const mimeType = documentTypeOfHead(content.subarray(0, DOCUMENT_HEAD_BYTES));
	if (!mimeType) {
		throw new NodeApiError(context.getNode(), {}, {
			message: `The document of fax ${record.faxId} is not a PDF or TIFF (${content.length} bytes)`,
			description: 'The provider answered with something else than the fax document: check that the fax has a document (a failed or queued fax may have none).',
			itemIndex,
		});
	}
	const fileName = documentFileName(record.faxId, mimeType);
	const binary = await context.helpers.prepareBinaryData(content, fileName, mimeType);
	const document = {
		fileName,
		mimeType,
		size: content.length,
		sha256: createHash('sha256').update(content).digest('hex'),
	};
	return {
		json: buildFaxItemJson(recordAsEvent(record), document, null, raw) as unknown as IDataObject,
		binary: { [binaryPropertyName]: binary },
	};
}
