import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { defineFaxTrigger } from '../FaxCore/defineFaxTrigger';
import { faxServerAdapter, MIN_SECRET_LENGTH } from './faxServerAdapter';

export class FaxServerTrigger extends defineFaxTrigger(faxServerAdapter, {
	displayName: 'Fax Server Trigger',
	name: 'faxServerTrigger',
	icon: { light: 'file:../../icons/faxserver.svg', dark: 'file:../../icons/faxserver.dark.svg' },
	description: 'Starts the workflow when your own fax server (Asterisk, HylaFAX, a T.38 gateway) receives a fax',
	credentials: [{ name: 'faxServerApi', required: true, testedBy: 'faxServerSecret' }],
	webhookPath: 'faxserver',
	testEvent:
		'run the fax server\'s hook script with N8N_FAX_URL set to the Test URL above, or <code>npx -p n8n-nodes-fax n8n-nodes-fax-simulate faxserver fax.received --url &lt;Test URL&gt; --secret &lt;secret&gt;</code>',
	properties: [
		{
			displayName:
				'Have your fax server post each received fax to the Production URL above, signed with the credential\'s secret (X-Fax-Signature). The README has an Asterisk dialplan, a HylaFAX hook and a curl line. With Shared Secret verification a captured request can be replayed: use HTTPS.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
	],
	settings: [
		{
			displayName: 'Read From Folder',
			name: 'readFromFolder',
			type: 'string',
			default: '',
			placeholder: '/var/spool/asterisk/fax',
			description:
				'Only when the fax server shares a disk with n8n: the folder a JSON "tiff_path" may name a file in. Empty: requests must carry the file. n8n\'s file-access settings (N8N_RESTRICT_FILE_ACCESS_TO) apply.',
		},
	],
	methods: {
		credentialTest: {
			async faxServerSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = credential.data?.secret;
				return typeof secret === 'string' && secret.trim().length >= MIN_SECRET_LENGTH
					? { status: 'OK', message: 'The secret is long enough; give the same one to the fax server' }
					: { status: 'Error', message: `The secret must have at least ${MIN_SECRET_LENGTH} characters` };
			},
		},
	},
}) {}
