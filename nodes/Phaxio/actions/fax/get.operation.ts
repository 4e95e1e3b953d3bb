import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty } from '../../../FaxCore/actions/properties';
import { phaxioFaxById } from '../../phaxioApi';
import { phaxioFaxRecord } from '../../phaxioFax';
import { requiredFaxId } from '../../../FaxCore/actions/faxId';

const properties: INodeProperties[] = [faxIdProperty('The ID of the fax, as returned by Send or the Phaxio Trigger (faxId)')];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const fax = await phaxioFaxById(this, requiredFaxId(this, itemIndex));
	return [faxRecordItem(phaxioFaxRecord(fax, { fallbackStatus: 'queued' }), fax)];
}
