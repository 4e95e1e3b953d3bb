import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as fax from './actions/fax';
import { router } from './actions/router';
import { FAX_PLUS_CREDENTIALS, faxPlusAuthentication } from './faxPlusApi';

export class FaxPlus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fax.Plus',
		name: 'faxPlus',
		icon: { light: 'file:../../icons/faxplus.svg', dark: 'file:../../icons/faxplus.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send PDF or TIFF faxes with Fax.Plus from binary data, and get, download, list or cancel them',
		defaults: {
			name: 'Fax.Plus',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: FAX_PLUS_CREDENTIALS,
		properties: [
			faxPlusAuthentication,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Fax', value: 'fax' }],
				default: 'fax',
			},
			...fax.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
