import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { listingParameters } from '../../../FaxCore/actions/listingParameters';
import {
	createdAfterFilter,
	createdBeforeFilter,
	directionFilter,
	limitProperty,
	returnAllProperty,
} from '../../../FaxCore/actions/properties';
import { parseOptionalFaxNumber } from '../../../FaxCore/actions/recipients';
import { phaxioApiRequest, type PhaxioAnswer } from '../../phaxioApi';
import { phaxioFaxRecord } from '../../phaxioFax';

/** Phaxio's largest page (`per_page`). */
const MAX_PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ ...createdAfterFilter, description: 'Only faxes created at or after this time. Phaxio lists the last week when no time is given.' },
			createdBeforeFilter,
			directionFilter,
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description: 'Only faxes to or from this number',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Failure', value: 'failure' },
					{ name: 'In Progress', value: 'inprogress' },
					{ name: 'Partial Success', value: 'partialsuccess' },
					{ name: 'Queued', value: 'queued' },
					{ name: 'Success', value: 'success' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, wanted, filters, createdAfter, createdBefore } = listingParameters(this, itemIndex);
	// https://www.phaxio.com/docs/api/v2.1/faxes/list_faxes
	const qs: IDataObject = {};
	if (createdAfter) qs.created_after = createdAfter;
	if (createdBefore) qs.created_before = createdBefore;
	if (filters.direction === 'inbound') qs.direction = 'received';
	if (filters.direction === 'outbound') qs.direction = 'sent';
	if (filters.status && filters.status !== 'any') qs.status = filters.status;
	const phoneNumber = parseOptionalFaxNumber(this.getNode(), filters.phoneNumber, 'Phone Number', itemIndex);
	if (phoneNumber) qs.phone_number = phoneNumber;

	// One page size for the whole walk, so that page numbers keep meaning the same records.
	const perPage = Math.min(MAX_PAGE_SIZE, returnAll ? MAX_PAGE_SIZE : wanted);
	const faxes: IDataObject[] = [];
	for (let page = 1; faxes.length < wanted; page++) {
		const answer = await phaxioApiRequest<PhaxioAnswer<IDataObject[]>>(this, 'GET', '/faxes', 'Listing faxes from Phaxio', {
			qs: { ...qs, per_page: perPage, page },
		});
		const data = Array.isArray(answer.data) ? answer.data : [];
		faxes.push(...data);
		const total = Number(answer.paging?.total);
		if (data.length < perPage || (Number.isFinite(total) && page * perPage >= total)) break;
	}
	return faxes.slice(0, wanted).map((fax) => faxRecordItem(phaxioFaxRecord(fax, { fallbackStatus: 'queued' }), fax));
}
