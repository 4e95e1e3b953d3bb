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
import { sinchApiRequest } from '../../sinchApi';
import { sinchFaxRecord } from '../../sinchFax';

/** Sinch's largest page (`pageSize`). */
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
			{ ...createdAfterFilter, description: 'Only faxes created at or after this time. Sinch lists the last week when no time is given.' },
			{ ...createdBeforeFilter, description: 'Only faxes created up to this time' },
			directionFilter,
			{ displayName: 'Service ID', name: 'serviceId', type: 'string', default: '', description: 'Only faxes of this fax service' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Completed', value: 'COMPLETED' },
					{ name: 'Failure', value: 'FAILURE' },
					{ name: 'In Progress', value: 'IN_PROGRESS' },
					{ name: 'Queued', value: 'QUEUED' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { wanted, filters, createdAfter, createdBefore } = listingParameters(this, itemIndex);
	// https://developers.sinch.com/docs/fax/api-reference/fax/faxes/getfaxes: `createTime>=`, `createTime<=`.
	const qs: IDataObject = { pageSize: Math.min(MAX_PAGE_SIZE, wanted) };
	if (createdAfter) qs['createTime>'] = createdAfter;
	if (createdBefore) qs['createTime<'] = createdBefore;
	if (filters.direction === 'inbound') qs.direction = 'INBOUND';
	if (filters.direction === 'outbound') qs.direction = 'OUTBOUND';
	if (filters.status && filters.status !== 'any') qs.status = filters.status;
	if (filters.serviceId) qs.serviceId = filters.serviceId;

	const faxes: IDataObject[] = [];
	const seenTokens = new Set<string>();
	let pageToken: string | undefined;
	do {
		const answer = await sinchApiRequest<{ faxes?: IDataObject[]; nextPageToken?: string }>(this, 'GET', '/faxes', 'Listing faxes from Sinch', {
			qs: pageToken ? { ...qs, pageToken } : qs,
		});
		faxes.push(...(answer.faxes ?? []));
		pageToken = answer.nextPageToken || undefined;
		// A token seen before would walk the same pages forever.
		if (pageToken && seenTokens.has(pageToken)) break;
		if (pageToken) seenTokens.add(pageToken);
	} while (pageToken && faxes.length < wanted);
	return faxes.slice(0, wanted).map((fax) => faxRecordItem(sinchFaxRecord(fax), fax));
}
