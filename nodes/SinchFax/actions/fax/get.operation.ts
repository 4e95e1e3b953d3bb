import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty } from '../../../FaxCore/actions/properties';
import { sinchApiRequest } from '../../sinchApi';
import { sinchFaxRecord } from '../../sinchFax';

const properties: INodeProperties[] = [faxIdProperty('The ID of the fax, as returned by Send or the Sinch Fax Trigger (faxId)')];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['get'] } }, properties);

/** Sinch's record of one fax (`GET /faxes/{id}`). */
export async function sinchFaxById(context: IExecuteFunctions, faxId: string): Promise<IDataObject> {
	return await sinchApiRequest(context, 'GET', `/faxes/${encodeURIComponent(faxId)}`, 'Reading the fax from Sinch');
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const fax = await sinchFaxById(this, requiredFaxId(this, itemIndex));
	return [faxRecordItem(sinchFaxRecord(fax), fax)];
}
