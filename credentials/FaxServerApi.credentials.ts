import { randomBytes } from 'crypto';
import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

// No API to call: the Fax Server Trigger tests the secret itself (testedBy: 'faxServerSecret'),
// which the rule does not find through defineFaxTrigger.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class FaxServerApi implements ICredentialType {
	name = 'faxServerApi';

	displayName = 'Fax Server API';

	icon: Icon = { light: 'file:../icons/faxserver.svg', dark: 'file:../icons/faxserver.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-fax/n8n-nodes-fax#fax-server-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `The secret your fax server signs each request with (at least 16 characters). A fresh random one you can use: ${randomBytes(24).toString('hex')}`,
		},
		{
			displayName: 'Verification',
			name: 'verification',
			type: 'options',
			options: [
				{
					name: 'Signature (Recommended)',
					value: 'signature',
					description:
						'X-Fax-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "t." + body>; requests older than 5 minutes are refused',
				},
				{
					name: 'Shared Secret',
					value: 'sharedSecret',
					description:
						'X-Internal-Secret header equal to the secret. Weaker: a captured request can be replayed; use it only over HTTPS.',
				},
			],
			default: 'signature',
		},
	];
}
