import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { requiredFaxId } from '../../../FaxCore/actions/faxId';
import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { faxIdProperty } from '../../../FaxCore/actions/properties';
import { faxPlusApiRequest } from '../../faxPlusApi';
import { faxPlusApiRecord } from '../../faxPlusFax';

const properties: INodeProperties[] = [faxIdProperty('The ID of the fax, as returned by Send or the Fax.Plus Trigger (faxId)')];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['get'] } }, properties);

/** Fax.Plus's record of one fax (`GET /accounts/self/faxes/{id}`). */
export async function faxPlusFaxById(context: IExecuteFunctions, faxId: string): Promise<IDataObject> {
	return await faxPlusApiRequest(context, 'GET', `/accounts/self/faxes/${encodeURIComponent(faxId)}`, 'Reading the fax from Fax.Plus');
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const fax = await faxPlusFaxById(this, requiredFaxId(this, itemIndex));
	return [faxRecordItem(faxPlusApiRecord(fax), fax)];
}
