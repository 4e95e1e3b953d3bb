import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { handleFaxWebhook } from '../FaxCore/handleFaxWebhook';
import { faxWebhook, rawRequestSwitch, settingsCollection } from '../FaxCore/triggerProperties';
import type { SinchFaxCredentials } from './sinchApi';
import { SINCH_WEBHOOK_IPS, sinchAdapter } from './sinchAdapter';
import {
	listSinchFaxServices,
	pointSinchServiceHere,
	restoreSinchService,
	sinchServicePointsHere,
} from './sinchService';

export class SinchFaxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sinch Fax Trigger',
		name: 'sinchFaxTrigger',
		icon: { light: 'file:../../icons/sinch.svg', dark: 'file:../../icons/sinch.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Sinch receives or sends a fax, with the fax as a file',
		defaults: {
			name: 'Sinch Fax Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sinchFaxApi',
				required: true,
			},
		],
		webhooks: faxWebhook('sinch'),
		properties: [
			{
				displayName: 'Fax Service Name or ID',
				name: 'serviceId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getFaxServices' },
				required: true,
				default: '',
				description:
					'The fax service whose numbers should start this workflow. Activation points its incoming webhook here; deactivation restores the previous one. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['fax.received'],
				options: [
					{
						name: 'Fax Received',
						value: 'fax.received',
						description: 'A fax arrived on a number of the service (INCOMING_FAX)',
					},
					{
						name: 'Fax Sent',
						value: 'fax.sent',
						description: 'A fax you sent finished (FAX_COMPLETED): send it with this node\'s URL as callbackUrl',
					},
				],
			},
			{
				displayName:
					'For "Fax Sent", pass this node\'s Production URL as callbackUrl when you send a fax, with the webhook username and password of the credential in it (https://user:password@host/…).',
				name: 'callbackNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { events: ['fax.sent'] } },
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				options: [
					{ name: 'JSON (Document as Base64)', value: 'application/json' },
					{ name: 'Multipart Form Data (Document as File)', value: 'multipart/form-data' },
				],
				default: 'application/json',
				description: 'How the service should send incoming faxes; the trigger reads both',
			},
			settingsCollection([
				{
					displayName: 'Allowed IPs',
					name: 'allowedIps',
					type: 'string',
					default: '',
					placeholder: SINCH_WEBHOOK_IPS,
					description:
						'Addresses or CIDR ranges Sinch webhooks may come from, comma-separated; empty turns the check off. Sinch has been seen sending from ' +
						SINCH_WEBHOOK_IPS +
						'. Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the real address.',
				},
				{
					displayName: 'Confirm With API',
					name: 'confirmWithApi',
					type: 'boolean',
					default: false,
					description:
						'Whether to look the fax up through the Sinch API before starting the run, refusing unknown faxes and numbers that disagree',
				},
				{
					displayName: 'Download Document',
					name: 'downloadDocument',
					type: 'boolean',
					default: true,
					description:
						'Whether to download the document through the API when the event did not carry it but Sinch stored it',
				},
			]),
			rawRequestSwitch,
		],
	};

	methods = {
		loadOptions: {
			getFaxServices: listSinchFaxServices,
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await sinchServicePointsHere.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials<SinchFaxCredentials>('sinchFaxApi');
				const settings = this.getNodeParameter('settings', {}) as IDataObject;
				if (
					!(credentials.webhookUsername && credentials.webhookPassword) &&
					!settings.allowedIps &&
					settings.confirmWithApi !== true
				) {
					throw new NodeOperationError(this.getNode(), 'No way to verify Sinch webhooks is configured', {
						description:
							'Sinch signs nothing. Set a Webhook Username and Webhook Password in the Sinch Fax credential (recommended), or the Allowed IPs or Confirm With API option.',
					});
				}
				return await pointSinchServiceHere.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await restoreSinchService.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleFaxWebhook(this, sinchAdapter);
	}
}
