import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as fax from './actions/fax';
import { router } from './actions/router';
import { testPhaxioCredential } from './phaxioCredentialTest';

export class Phaxio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Phaxio',
		name: 'phaxio',
		icon: { light: 'file:../../icons/phaxio.svg', dark: 'file:../../icons/phaxio.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send faxes with Phaxio from binary data (PDF and other documents), and get, download, list, cancel or resend them',
		defaults: {
			name: 'Phaxio',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'phaxioApi',
				required: true,
				testedBy: 'phaxioCredential',
			},
		],
		properties: [
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

	methods = { credentialTest: { phaxioCredential: testPhaxioCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
