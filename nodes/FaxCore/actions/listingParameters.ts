import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkedDateTime } from './sendOptions';

export interface ListingParameters {
	returnAll: boolean;
	/** How many faxes to return: Infinity with Return All. */
	wanted: number;
	filters: IDataObject;
	/** ISO times, or '' when not set. */
	createdAfter: string;
	createdBefore: string;
}

/** What a Get Many operation was asked for: the shared Return All, Limit and creation-time filters. */
export function listingParameters(context: IExecuteFunctions, itemIndex: number): ListingParameters {
	const node = context.getNode();
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return {
		returnAll,
		wanted: returnAll ? Infinity : (context.getNodeParameter('limit', itemIndex, 50) as number),
		filters,
		createdAfter: checkedDateTime(node, filters.createdAfter, 'Created After', itemIndex),
		createdBefore: checkedDateTime(node, filters.createdBefore, 'Created Before', itemIndex),
	};
}
