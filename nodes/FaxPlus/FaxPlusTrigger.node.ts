import { defineFaxTrigger } from '../FaxCore/defineFaxTrigger';
import { FAX_PLUS_WEBHOOK_IPS, faxPlusAdapter } from './faxPlusAdapter';
import { FAX_PLUS_CREDENTIALS, faxPlusAuthentication } from './faxPlusApi';

export class FaxPlusTrigger extends defineFaxTrigger(faxPlusAdapter, {
	displayName: 'Fax.Plus Trigger',
	name: 'faxPlusTrigger',
	icon: { light: 'file:../../icons/faxplus.svg', dark: 'file:../../icons/faxplus.dark.svg' },
	description: 'Starts the workflow when Fax.Plus receives or sends a fax, with the fax as a file',
	credentials: FAX_PLUS_CREDENTIALS,
	webhookPath: 'faxplus',
	testEvent:
		'send a fax to one of your Fax.Plus numbers: listening registers the Test URL with Fax.Plus until the event arrives. The simulator (<code>npx -p n8n-nodes-fax n8n-nodes-fax-simulate faxplus fax.received --url &lt;Test URL&gt;</code>) sends the webhook, but the document is then fetched from Fax.Plus by its id',
	properties: [
		faxPlusAuthentication,
		{
			displayName:
				'Publishing the workflow (n8n 1.x: activating it) registers one Fax.Plus webhook per event (Fax.Plus API access is part of Enterprise plans); unpublishing removes them.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
	],
	settings: [
		{
			displayName: 'Allowed IPs',
			name: 'allowedIps',
			type: 'string',
			default: FAX_PLUS_WEBHOOK_IPS,
			description:
				'Addresses or CIDR ranges Fax.Plus webhooks may come from, comma-separated. Leave it empty only with Confirm With API on. Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the real address.',
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
	],
}) {}
