import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty } from '../../../FaxCore/actions/properties';
import { phaxioApiRequest, phaxioFaxById } from '../../phaxioApi';
import { phaxioFaxRecord } from '../../phaxioFax';

const properties: INodeProperties[] = [faxIdProperty('The ID of a fax still queued or being sent')];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['cancel'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	// https://www.phaxio.com/docs/api/v2.1/faxes/cancel
	await phaxioApiRequest(this, 'POST', `/faxes/${encodeURIComponent(faxId)}/cancel`, 'Cancelling the fax with Phaxio');
	const fax = await phaxioFaxById(this, faxId, 'Reading the cancelled fax from Phaxio');
	return [faxRecordItem(phaxioFaxRecord(fax, { fallbackStatus: 'failure' }), fax)];
}
