import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PhaxioApi implements ICredentialType {
	name = 'phaxioApi';

	displayName = 'Phaxio API';

	icon: Icon = { light: 'file:../icons/phaxio.svg', dark: 'file:../icons/phaxio.dark.svg' };

	documentationUrl = 'https://www.phaxio.com/docs/api/v2.1/intro';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the Phaxio console, API Keys page. Test keys work for test faxes.',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Webhook Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed by the Phaxio Trigger only: the token Phaxio signs webhooks with (X-Phaxio-Signature), shown on the webhook settings page of the Phaxio console. It is not the API secret.',
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account/status',
		},
	};
}
