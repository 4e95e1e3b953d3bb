import { defineFaxTrigger } from '../FaxCore/defineFaxTrigger';
import { phaxioAdapter } from './phaxioAdapter';
import { testPhaxioCredential } from './phaxioCredentialTest';

export class PhaxioTrigger extends defineFaxTrigger(phaxioAdapter, {
	displayName: 'Phaxio Trigger',
	name: 'phaxioTrigger',
	icon: { light: 'file:../../icons/phaxio.svg', dark: 'file:../../icons/phaxio.dark.svg' },
	description: 'Starts the workflow when Phaxio receives or sends a fax, with the fax as a file',
	credentials: [{ name: 'phaxioApi', required: true, testedBy: 'phaxioCredential' }],
	webhookPath: 'phaxio',
	testEvent:
		'paste the Test URL above as the webhook URL in the Phaxio console for a moment and send a fax, or run <code>npx -p n8n-nodes-fax n8n-nodes-fax-simulate phaxio fax.received --url &lt;Test URL&gt; --token &lt;webhook token&gt;</code>',
	properties: [
		{
			displayName:
				'Phaxio has no API for webhooks: in the Phaxio console\'s webhook settings, paste this node\'s Production URL (under "Webhook URLs" above) as the Fax Received and Fax Sent URL, choose payload version 2.1, and copy the Webhook Token shown there into the credential. For faxes you send, give the same URL as callback_url.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
	],
	settings: [
		{
			displayName: 'Public URL',
			name: 'publicUrl',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com/webhook/…/phaxio',
			description:
				'The exact URL given to Phaxio, when it differs from the Production URL above (a proxy that rewrites paths, a query string). Phaxio signs this URL, so it must match character for character.',
		},
	],
	methods: { credentialTest: { phaxioCredential: testPhaxioCredential } },
}) {}
