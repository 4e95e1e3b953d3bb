import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxDocumentItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty, outputBinaryProperty } from '../../../FaxCore/actions/properties';
import { toIdString } from '../../../FaxCore/normalize';
import { faxPlusApiRequest } from '../../faxPlusApi';
import { faxPlusApiRecord } from '../../faxPlusFax';
import { faxPlusFaxById } from './get.operation';

const properties: INodeProperties[] = [faxIdProperty('The ID of the fax whose document (PDF) to download'), outputBinaryProperty];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['download'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const fax = await faxPlusFaxById(this, faxId);
	// The record's `file` names the document (https://apidoc.fax.plus/#tag/Files/operation/getFile).
	const fileId = toIdString(fax.file) || faxId;
	const content = await faxPlusApiRequest<Buffer>(this, 'GET', `/accounts/self/files/${encodeURIComponent(fileId)}`, 'Downloading the fax document from Fax.Plus', {
		qs: { format: 'pdf' },
		encoding: 'arraybuffer',
		json: false,
		headers: { accept: 'application/pdf' },
	});
	return [await faxDocumentItem(this, itemIndex, faxPlusApiRecord(fax), fax, Buffer.from(content), binaryPropertyName)];
}
