import { defineFaxTrigger } from '../FaxCore/defineFaxTrigger';
import { SINCH_WEBHOOK_IPS, sinchAdapter } from './sinchAdapter';
import { listSinchFaxServices } from './sinchService';

export class SinchFaxTrigger extends defineFaxTrigger(sinchAdapter, {
	displayName: 'Sinch Fax Trigger',
	name: 'sinchFaxTrigger',
	icon: { light: 'file:../../icons/sinch.svg', dark: 'file:../../icons/sinch.dark.svg' },
	description: 'Starts the workflow when Sinch receives or sends a fax, with the fax as a file',
	credentials: [{ name: 'sinchFaxApi', required: true }],
	webhookPath: 'sinch',
	testEvent:
		'send a fax to a number of the chosen service: listening points the service at the Test URL until the event arrives. Or run <code>npx -p n8n-nodes-fax n8n-nodes-fax-simulate sinch fax.received --url &lt;Test URL&gt; --user &lt;webhook username&gt; --password &lt;webhook password&gt;</code>',
	properties: [
		{
			displayName: 'Fax Service Name or ID',
			name: 'serviceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFaxServices' },
			required: true,
			default: '',
			description:
				'The fax service whose numbers should start this workflow. Publishing (n8n 1.x: activation) points its incoming webhook here; unpublishing restores the previous one. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	propertiesAfterEvents: [
		{
			displayName:
				"For \"Fax Sent\", pass this node's Production URL as callbackUrl when you send a fax, with the webhook username and password of the credential in it (https://user:password@host/…).",
			name: 'callbackNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { events: ['fax.sent'] } },
		},
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			options: [
				{ name: 'JSON (Document as Base64)', value: 'application/json' },
				{ name: 'Multipart Form Data (Document as File)', value: 'multipart/form-data' },
			],
			default: 'application/json',
			description: 'How the service should send incoming faxes; the trigger reads both',
		},
	],
	settings: [
		{
			displayName: 'Allowed IPs',
			name: 'allowedIps',
			type: 'string',
			default: '',
			placeholder: SINCH_WEBHOOK_IPS,
			description:
				'Addresses or CIDR ranges Sinch webhooks may come from, comma-separated; empty means no address check. Sinch has been seen sending from ' +
				SINCH_WEBHOOK_IPS +
				'. Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the real address.',
		},
		{
			displayName: 'Confirm With API',
			name: 'confirmWithApi',
			type: 'boolean',
			default: false,
			description:
				'Whether to look the fax up through the Sinch API before starting the run, refusing unknown faxes and numbers that disagree',
		},
		{
			displayName: 'Download Document',
			name: 'downloadDocument',
			type: 'boolean',
			default: true,
			description: 'Whether to download the document through the API when the event did not carry it but Sinch stored it',
		},
	],
	methods: { loadOptions: { getFaxServices: listSinchFaxServices } },
}) {}
