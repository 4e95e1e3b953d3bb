import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

const DEFAULT_AUTH_URL = 'https://auth.sinch.com/oauth2/token';

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
			displayName:
				'For the Sinch Fax Trigger: Sinch signs no webhooks, so this username and password are what tells a genuine delivery from a forged one. The trigger puts them in the URL it gives Sinch and refuses any request without them (unless you limit it to Allowed IPs instead). The Sinch Fax node does not use them.',
			name: 'webhookPairNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Webhook Username',
			name: 'webhookUsername',
			type: 'string',
			default: '',
			description:
				'Basic-auth user the trigger requires on every webhook. Set it with a password.',
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
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * An OAuth2 access token for the key pair (client credentials). n8n calls this when the token
	 * is empty and again when Sinch answers 401 (it expires after about an hour), stores the new
	 * token in the credential, and sends the request again.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { access_token: accessToken } = (await this.helpers.httpRequest({
			method: 'POST',
			url: String(credentials.authUrl || DEFAULT_AUTH_URL),
			auth: { username: String(credentials.keyId), password: String(credentials.keySecret) },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials',
			json: true,
		})) as { access_token?: string };
		if (!accessToken) throw new Error('Sinch issued no access token: check the Auth URL of the Sinch Fax credential');
		return { accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
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
