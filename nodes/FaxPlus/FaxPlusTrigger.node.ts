import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { handleFaxWebhook } from '../FaxCore/handleFaxWebhook';
import { faxWebhook, rawRequestSwitch, settingsCollection } from '../FaxCore/triggerProperties';
import { FAX_PLUS_WEBHOOK_IPS, faxPlusAdapter } from './faxPlusAdapter';
import { createFaxPlusHooks, deleteFaxPlusHooks, faxPlusHooksExist } from './faxPlusHooks';

export class FaxPlusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fax.Plus Trigger',
		name: 'faxPlusTrigger',
		icon: { light: 'file:../../icons/faxplus.svg', dark: 'file:../../icons/faxplus.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Fax.Plus receives or sends a fax, with the fax as a file',
		defaults: {
			name: 'Fax.Plus Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'faxPlusApi',
				required: true,
				displayOptions: { show: { authentication: ['accessToken'] } },
			},
			{
				name: 'faxPlusOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		webhooks: faxWebhook('faxplus'),
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Personal Access Token', value: 'accessToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'accessToken',
			},
			{
				displayName:
					'Activating the workflow registers one Fax.Plus webhook per event (Fax.Plus API access is part of Enterprise plans); deactivating removes them.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
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
						description: 'A fax arrived on one of your Fax.Plus numbers; the document is downloaded',
					},
					{
						name: 'Fax Sent',
						value: 'fax.sent',
						description: 'A fax you sent finished, successfully or not',
					},
					{
						name: 'Page Received',
						value: 'fax.page_received',
						description: 'A page of an incoming fax arrived (needs fax streaming on the account)',
					},
				],
			},
			settingsCollection([
				{
					displayName: 'Allowed IPs',
					name: 'allowedIps',
					type: 'string',
					default: FAX_PLUS_WEBHOOK_IPS,
					description:
						'Addresses or CIDR ranges Fax.Plus webhooks may come from, comma-separated; empty turns the check off. Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the real address.',
				},
				{
					displayName: 'Confirm With API',
					name: 'confirmWithApi',
					type: 'boolean',
					default: false,
					description:
						'Whether to look the fax up through the Fax.Plus API before starting the run, refusing unknown faxes and numbers that disagree (one API call per event)',
				},
				{
					displayName: 'Document Format',
					name: 'documentFormat',
					type: 'options',
					options: [
						{ name: 'PDF', value: 'pdf' },
						{ name: 'TIFF', value: 'tiff' },
					],
					default: 'pdf',
				},
				{
					displayName: 'Download Document',
					name: 'downloadDocument',
					type: 'boolean',
					default: true,
					description: 'Whether to download the fax document and attach it as binary data',
				},
				{
					displayName: 'Retry When Download Fails',
					name: 'retryWhenDownloadFails',
					type: 'boolean',
					default: false,
					description:
						'Whether to answer Fax.Plus with an error so it delivers the event again when the document cannot be downloaded, instead of starting the run with "documentError" set',
				},
			]),
			rawRequestSwitch,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await faxPlusHooksExist.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createFaxPlusHooks.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteFaxPlusHooks.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleFaxWebhook(this, faxPlusAdapter);
	}
}
