import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class FaxPlusOAuth2Api implements ICredentialType {
	name = 'faxPlusOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Fax.Plus OAuth2 API';

	icon: Icon = { light: 'file:../icons/faxplus.svg', dark: 'file:../icons/faxplus.dark.svg' };

	documentationUrl = 'https://apidoc.fax.plus/';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://accounts.fax.plus/login',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://accounts.fax.plus/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'all',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://restapi.fax.plus/v3',
			description:
				'Change only to reach Fax.Plus through a proxy or a test server. Requests also send the x-fax-clientid header Fax.Plus requires with OAuth tokens.',
		},
	];
}
