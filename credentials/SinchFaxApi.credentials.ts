import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SinchFaxApi implements ICredentialType {
	name = 'sinchFaxApi';

	displayName = 'Sinch Fax API';

	icon: Icon = { light: 'file:../icons/sinch.svg', dark: 'file:../icons/sinch.dark.svg' };

	documentationUrl = 'https://developers.sinch.com/docs/fax/';

	properties: INodeProperties[] = [
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the Sinch Customer Dashboard, Settings → Projects',
		},
		{
			displayName: 'Key ID',
			name: 'keyId',
			// An identifier, not a secret (the Key Secret is masked); the older rule guesses from the name.
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing
			type: 'string',
			default: '',
			required: true,
			description: 'An access key of the project (Settings → Access Keys)',
		},
		{
			displayName: 'Key Secret',
			name: 'keySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Webhook Username',
			name: 'webhookUsername',
			type: 'string',
			default: '',
			description:
				'Basic-auth user the trigger requires on every webhook. The trigger puts it in the URL it gives Sinch. Set it with a password: Sinch signs nothing, so this is what tells genuine webhooks apart.',
		},
		{
			displayName: 'Webhook Password',
			name: 'webhookPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://fax.api.sinch.com/v3',
			description: 'Change only to reach Sinch through a proxy or a test server',
		},
		{
			displayName: 'Auth URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://auth.sinch.com/oauth2/token',
			description: 'Where OAuth2 access tokens are requested (client credentials)',
		},
	];

	// The node requests OAuth2 tokens (cached until shortly before they expire); Sinch also takes
	// HTTP Basic with the key pair, which the credential test and generic requests use.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.keyId}}',
				password: '={{$credentials.keySecret}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{"/projects/" + $credentials.projectId + "/services"}}',
		},
	};
}
