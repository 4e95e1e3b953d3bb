import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { callbackUrlField, faxIdProperty } from '../../../FaxCore/actions/properties';
import { checkedUrl } from '../../../FaxCore/actions/sendOptions';
import { phaxioApiRequest, phaxioFaxJustCreated, type PhaxioAnswer } from '../../phaxioApi';
import { phaxioRecipientRecords } from '../../phaxioFax';

const properties: INodeProperties[] = [
	faxIdProperty('The ID of a sent fax to send again, to the same numbers; the new fax gets a new ID'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [callbackUrlField],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['resend'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const faxId = requiredFaxId(this, itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const callbackUrl = checkedUrl(this.getNode(), additional.callbackUrl, 'Callback URL', itemIndex);
	// https://www.phaxio.com/docs/api/v2.1/faxes/resend
	const answer = await phaxioApiRequest<PhaxioAnswer<{ id?: number | string }>>(
		this,
		'POST',
		`/faxes/${encodeURIComponent(faxId)}/resend`,
		'Resending the fax with Phaxio',
		callbackUrl ? { body: { callback_url: callbackUrl } } : {},
	);
	const newFaxId = String(answer.data?.id ?? '');
	const fax = await phaxioFaxJustCreated(this, newFaxId, { id: newFaxId, direction: 'sent', status: 'queued' });
	return phaxioRecipientRecords(fax).map((record) => faxRecordItem(record, fax));
}
