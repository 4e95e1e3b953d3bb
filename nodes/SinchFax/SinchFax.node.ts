import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as fax from './actions/fax';
import { router } from './actions/router';
import * as service from './actions/service';

export class SinchFax implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sinch Fax',
		name: 'sinchFax',
		icon: { light: 'file:../../icons/sinch.svg', dark: 'file:../../icons/sinch.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send faxes with Sinch from binary data (PDF and other documents), get, download and list them, and list fax services',
		defaults: {
			name: 'Sinch Fax',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sinchFaxApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Fax', value: 'fax' },
					{ name: 'Service', value: 'service' },
				],
				default: 'fax',
			},
			...fax.description,
			...service.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
