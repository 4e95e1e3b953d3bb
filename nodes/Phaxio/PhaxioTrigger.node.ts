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
import { phaxioAdapter } from './phaxioAdapter';

export class PhaxioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Phaxio Trigger',
		name: 'phaxioTrigger',
		icon: { light: 'file:../../icons/phaxio.svg', dark: 'file:../../icons/phaxio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Phaxio receives or sends a fax, with the fax as a file',
		defaults: {
			name: 'Phaxio Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'phaxioApi',
				required: true,
			},
		],
		webhooks: faxWebhook('phaxio'),
		properties: [
			{
				displayName:
					'Phaxio has no API for webhooks: in the Phaxio console\'s webhook settings, paste this node\'s Production URL (under "Webhook URLs" above) as the Fax Received and Fax Sent URL, choose payload version 2.1, and copy the Webhook Token shown there into the credential. For faxes you send, give the same URL as callback_url.',
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
						description: 'A fax arrived on one of your Phaxio numbers; the PDF comes with it',
					},
					{
						name: 'Fax Retry Scheduled',
						value: 'fax.retry_scheduled',
						description:
							'A fax you sent failed and will be retried (turn on inflight events in the Phaxio console)',
					},
					{
						name: 'Fax Sent',
						value: 'fax.sent',
						description: 'A fax you sent finished, successfully or not',
					},
					{
						name: 'Page Sent',
						value: 'fax.page_sent',
						description:
							'A page of a fax you are sending went through (turn on inflight events in the Phaxio console)',
					},
				],
			},
			settingsCollection([
				{
					displayName: 'Public URL',
					name: 'publicUrl',
					type: 'string',
					default: '',
					placeholder: 'https://n8n.example.com/webhook/…/phaxio',
					description:
						'The exact URL given to Phaxio, when it differs from the Production URL above (a proxy that rewrites paths, a query string). Phaxio signs this URL, so it must match character for character.',
				},
			]),
			rawRequestSwitch,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials<{ webhookToken?: string }>('phaxioApi');
				if (!credentials.webhookToken) {
					throw new NodeOperationError(
						this.getNode(),
						'The Phaxio credential has no Webhook Token',
						{
							description:
								'Copy the webhook token from the webhook settings page of the Phaxio console into the credential\'s "Webhook Token" field. Without it no request can be verified, so every delivery would be refused.',
						},
					);
				}
				const { publicUrl } = this.getNodeParameter('settings', {}) as IDataObject;
				if (typeof publicUrl === 'string' && publicUrl.trim() !== '' && !URL.canParse(publicUrl.trim())) {
					throw new NodeOperationError(this.getNode(), 'The Public URL option is not a valid URL', {
						description: 'Enter the full URL given to Phaxio, starting with https://, or leave the option out.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleFaxWebhook(this, phaxioAdapter);
	}
}
