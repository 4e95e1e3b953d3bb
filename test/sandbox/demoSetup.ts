import { SANDBOX_SECRETS, SINCH_SERVICE } from './sandboxSecrets';

/** A credential as n8n's `import:credentials` reads it (plain `data` is encrypted on import). */
export interface DemoCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	[key: string]: unknown;
}

/** Each demo credential: its n8n type, a fixed id (so that the examples can name it) and its name. */
export const DEMO_CREDENTIALS = {
	phaxioApi: { id: 'sandboxPhaxio001', name: 'Phaxio (sandbox demo)' },
	faxPlusApi: { id: 'sandboxFaxPlus01', name: 'Fax.Plus (sandbox demo)' },
	sinchFaxApi: { id: 'sandboxSinch0001', name: 'Sinch Fax (sandbox demo)' },
	faxServerApi: { id: 'sandboxFaxSrv001', name: 'Fax Server (sandbox demo)' },
	smtp: { id: 'sandboxSmtp00001', name: 'SMTP (sandbox mail catcher)' },
} as const;

type DemoCredentialType = keyof typeof DEMO_CREDENTIALS;

/** The demo credentials, pointing at the sandbox's provider APIs and its mail catcher. */
export function demoCredentials(apiUrl: string, smtpPort: number): DemoCredential[] {
	const data: Record<DemoCredentialType, Record<string, unknown>> = {
		phaxioApi: { ...SANDBOX_SECRETS.phaxio, baseUrl: `${apiUrl}/phaxio/v2.1` },
		faxPlusApi: { ...SANDBOX_SECRETS.faxPlus, baseUrl: `${apiUrl}/faxplus/v3` },
		sinchFaxApi: { ...SANDBOX_SECRETS.sinch, baseUrl: `${apiUrl}/sinch/v3`, authUrl: `${apiUrl}/sinch/oauth2/token` },
		faxServerApi: { ...SANDBOX_SECRETS.faxServer, verification: 'signature' },
		smtp: { host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true, user: '', password: '' },
	};
	return (Object.keys(DEMO_CREDENTIALS) as DemoCredentialType[]).map((type) => ({ ...DEMO_CREDENTIALS[type], type, data: data[type] }));
}

/** The credential type a node of this package or n8n's Send Email node uses, if the sandbox has one. */
function demoCredentialFor(nodeType: string): DemoCredentialType | undefined {
	if (nodeType === 'n8n-nodes-base.emailSend') return 'smtp';
	const [packageName, nodeName = ''] = nodeType.split('.');
	if (packageName !== 'n8n-nodes-fax') return undefined;
	const provider = nodeName.replace(/Trigger$/, '');
	const type = `${provider}Api` as DemoCredentialType;
	return type in DEMO_CREDENTIALS ? type : undefined;
}

/**
 * An example as `npm start` imports it: every node the sandbox can serve uses its demo
 * credential, the Sinch trigger listens to the sandbox's fax service, and the Fax.Plus trigger
 * accepts the simulator on loopback (a real Fax.Plus calls from its own addresses).
 * Nodes the sandbox cannot serve (Slack, Google Drive) keep asking for a real credential.
 */
export function wireExampleToSandbox(workflow: ExampleWorkflow): ExampleWorkflow {
	const nodes = workflow.nodes.map((node) => {
		const type = demoCredentialFor(node.type);
		if (!type) return node;
		const parameters = { ...node.parameters };
		if (node.type === 'n8n-nodes-fax.sinchFaxTrigger') parameters.serviceId = SINCH_SERVICE.id;
		if (node.type === 'n8n-nodes-fax.faxPlusTrigger') {
			parameters.settings = { ...(parameters.settings as object), allowedIps: '127.0.0.1, ::1' };
		}
		return { ...node, parameters, credentials: { ...node.credentials, [type]: { ...DEMO_CREDENTIALS[type] } } };
	});
	return { ...workflow, nodes };
}

/** n8n's own nodes the examples use that run here without any account. */
const LOCAL_NODE_TYPES = new Set([
	'n8n-nodes-base.emailSend',
	'n8n-nodes-base.readWriteFile',
	'n8n-nodes-base.formTrigger',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.aggregate',
]);

/** Whether every node of the example runs in the sandbox (not Slack, not Google Drive). */
export function runsInSandbox(workflow: ExampleWorkflow): boolean {
	return workflow.nodes.every((node) => node.type.startsWith('n8n-nodes-fax.') || LOCAL_NODE_TYPES.has(node.type));
}

/** How to send a fax to an example's trigger with the simulator: the command, ready to paste. */
export function simulatorCommand(workflow: ExampleWorkflow, n8nUrl: string, sandboxUrl: string): string | undefined {
	const trigger = workflow.nodes.find((node) => node.type.startsWith('n8n-nodes-fax.') && node.type.endsWith('Trigger'));
	if (!trigger?.webhookId) return undefined;
	const url = (path: string) => `${n8nUrl}/webhook/${trigger.webhookId}/${path}`;
	switch (trigger.type) {
		case 'n8n-nodes-fax.phaxioTrigger':
			return `phaxio fax.received --url ${url('phaxio')} --token ${SANDBOX_SECRETS.phaxio.webhookToken}`;
		case 'n8n-nodes-fax.faxPlusTrigger':
			return `faxplus fax.received --url ${url('faxplus')} --sandbox ${sandboxUrl}`;
		case 'n8n-nodes-fax.sinchFaxTrigger':
			return `sinch fax.received --url ${url('sinch')} --user ${SANDBOX_SECRETS.sinch.webhookUsername} --password ${SANDBOX_SECRETS.sinch.webhookPassword} --sandbox ${sandboxUrl}`;
		case 'n8n-nodes-fax.faxServerTrigger':
			return `faxserver fax.received --url ${url('faxserver')} --secret ${SANDBOX_SECRETS.faxServer.secret}`;
		default:
			return undefined;
	}
}
