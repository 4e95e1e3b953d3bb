import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { withoutCredentials } from '../../../FaxCore/providerFacingUrl';
import { sinchApiRequest } from '../../sinchApi';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['getMany'] } }, properties);

/** The project's fax services: the Service ID that Send and the Sinch Fax Trigger ask for. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const services: IDataObject[] = [];
	let pageToken: string | undefined;
	const seenTokens = new Set<string>();
	do {
		const answer = await sinchApiRequest<{ services?: IDataObject[]; nextPageToken?: string }>(this, 'GET', '/services', 'Listing the Sinch fax services', {
			qs: pageToken ? { pageSize: 100, pageToken } : { pageSize: 100 },
		});
		services.push(...(answer.services ?? []));
		pageToken = answer.nextPageToken || undefined;
		if (pageToken && seenTokens.has(pageToken)) break;
		if (pageToken) seenTokens.add(pageToken);
	} while (pageToken);
	return services.map((service) => ({
		json: {
			...service,
			// Sinch masks embedded webhook passwords; leave no user name either.
			...(typeof service.incomingWebhookUrl === 'string' && service.incomingWebhookUrl
				? { incomingWebhookUrl: withoutCredentials(service.incomingWebhookUrl) }
				: {}),
		},
	}));
}
