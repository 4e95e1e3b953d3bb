import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxDocumentItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty, outputBinaryProperty } from '../../../FaxCore/actions/properties';
import { phaxioApiRequest, phaxioFaxById } from '../../phaxioApi';
import { phaxioFaxRecord } from '../../phaxioFax';

const properties: INodeProperties[] = [
	faxIdProperty('The ID of the fax whose document (PDF) to download'),
	outputBinaryProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['download'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const fax = await phaxioFaxById(this, faxId);
	// https://www.phaxio.com/docs/api/v2.1/faxes/get_fax_file
	const content = await phaxioApiRequest<Buffer>(this, 'GET', `/faxes/${encodeURIComponent(faxId)}/file`, 'Downloading the fax document from Phaxio', {
		encoding: 'arraybuffer',
		json: false,
		headers: { accept: 'application/pdf' },
	});
	const record = phaxioFaxRecord(fax, { fallbackStatus: 'queued' });
	return [await faxDocumentItem(this, itemIndex, record, fax, Buffer.from(content), binaryPropertyName)];
}
