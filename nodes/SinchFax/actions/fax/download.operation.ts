import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxDocumentItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty, outputBinaryProperty } from '../../../FaxCore/actions/properties';
import { sinchApiRequest } from '../../sinchApi';
import { sinchFaxRecord } from '../../sinchFax';
import { sinchFaxById } from './get.operation';

const properties: INodeProperties[] = [faxIdProperty('The ID of the fax whose document (PDF) to download'), outputBinaryProperty];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['download'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const fax = await sinchFaxById(this, faxId);
	// https://developers.sinch.com/docs/fax/api-reference/fax/faxes/getfaxcontentbyid
	const content = await sinchApiRequest<Buffer>(this, 'GET', `/faxes/${encodeURIComponent(faxId)}/file`, 'Downloading the fax document from Sinch', {
		encoding: 'arraybuffer',
		json: false,
		headers: { accept: 'application/pdf' },
	});
	return [await faxDocumentItem(this, itemIndex, sinchFaxRecord(fax), fax, Buffer.from(content), binaryPropertyName)];
}
