import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { listingParameters } from '../../../FaxCore/actions/listingParameters';
import { createdAfterFilter, createdBeforeFilter, directionFilter, limitProperty, returnAllProperty } from '../../../FaxCore/actions/properties';
import { faxPlusApiRequest } from '../../faxPlusApi';
import { faxPlusApiRecord } from '../../faxPlusFax';
import { faxPlusTime, walkFaxPlusWindow } from '../../faxPlusWindow';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [createdAfterFilter, createdBeforeFilter, directionFilter],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { wanted, filters, createdAfter, createdBefore } = listingParameters(this, itemIndex);
	const categories: Array<'inbox' | 'sent'> =
		filters.direction === 'inbound' ? ['inbox'] : filters.direction === 'outbound' ? ['sent'] : ['inbox', 'sent'];

	const records: Array<{ fax: IDataObject; category: 'inbox' | 'sent' }> = [];
	for (const category of categories) {
		// https://apidoc.fax.plus/#tag/Faxes/operation/listFaxes: `category`, `after`, `before`, `limit`.
		const faxes = await walkFaxPlusWindow(
			async (before, limit) => {
				const qs: IDataObject = { category, limit };
				if (createdAfter) qs.after = faxPlusTime(new Date(createdAfter));
				if (before) qs.before = before;
				const answer = await faxPlusApiRequest<{ data?: { records?: IDataObject[] } }>(this, 'GET', '/accounts/self/faxes', 'Listing faxes from Fax.Plus', { qs });
				return answer.data?.records ?? [];
			},
			wanted,
			createdBefore ? faxPlusTime(new Date(createdBefore)) : undefined,
		);
		records.push(...faxes.map((fax) => ({ fax, category })));
	}
	// Newest first across both lists, as the other providers list.
	const items = records.map(({ fax, category }) => faxRecordItem(faxPlusApiRecord(fax, category), fax));
	items.sort((a, b) => String(b.json.createdAt ?? '').localeCompare(String(a.json.createdAt ?? '')));
	return items.slice(0, wanted);
}
