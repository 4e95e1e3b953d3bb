import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty } from '../../../FaxCore/actions/properties';
import { faxPlusApiRequest } from '../../faxPlusApi';
import { faxPlusApiRecord } from '../../faxPlusFax';

const properties: INodeProperties[] = [faxIdProperty('The ID Send returned, while the fax is still in the outbox (not yet sending)')];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['cancel'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	// https://apidoc.fax.plus/#tag/Outbox/operation/deleteOutboxFax
	await faxPlusApiRequest(this, 'DELETE', `/accounts/self/outbox/${encodeURIComponent(faxId)}`, 'Cancelling the fax in the Fax.Plus outbox');
	const fax = { id: faxId, direction: 'outgoing', status: 'failed', error: 'Cancelled in the outbox before sending' };
	return [faxRecordItem(faxPlusApiRecord(fax), fax)];
}
