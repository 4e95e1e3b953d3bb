import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

// Tested by the Phaxio nodes (testedBy: 'phaxioCredential'): a trigger-only credential has no
// key pair to send, so a fixed test request would fail it.
export class PhaxioApi implements ICredentialType {
	name = 'phaxioApi';

	displayName = 'Phaxio API';

	icon: Icon = { light: 'file:../icons/phaxio.svg', dark: 'file:../icons/phaxio.dark.svg' };

	documentationUrl = 'https://www.phaxio.com/docs/api/v2.1/intro';

	properties: INodeProperties[] = [
		{
			displayName:
				'The Phaxio Trigger needs only the Webhook Token. The Phaxio node (send, get, list faxes) needs the API Key and API Secret. Fill in what your workflows use.',
			name: 'whatToFillNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Webhook Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the Phaxio Trigger: the token Phaxio signs webhooks with (X-Phaxio-Signature), shown on the webhook settings page of the Phaxio console. It is not the API secret.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For the Phaxio node: from the API Keys page of the Phaxio console. Test keys work for test faxes.',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For the Phaxio node: shown with the API Key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.phaxio.com/v2.1',
			description: 'Change only to reach Phaxio through a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiKey}}',
				password: '={{$credentials.apiSecret}}',
			},
		},
	};
}
