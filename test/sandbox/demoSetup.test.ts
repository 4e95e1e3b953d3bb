import { readdirSync, readFileSync } from 'fs';
import path from 'path';

import { DEMO_CREDENTIALS, runsInSandbox, simulatorCommand, wireExampleToSandbox, type ExampleWorkflow } from './demoSetup';

const EXAMPLES_DIR = path.resolve(__dirname, '../e2e/workflows');
const examples = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.map((file) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow);
const demoIds = new Set<string>(Object.values(DEMO_CREDENTIALS).map((credential) => credential.id));

describe('the examples as npm start imports them', () => {
	it('give every fax node and the Send Email node a demo credential, and leave Slack and Google Drive to the user', () => {
		for (const workflow of examples.map(wireExampleToSandbox)) {
			for (const node of workflow.nodes) {
				const credentialIds = Object.values(node.credentials ?? {}).map((credential) => credential.id);
				const served = node.type.startsWith('n8n-nodes-fax.') || node.type === 'n8n-nodes-base.emailSend';
				if (served) expect({ node: node.name, credentialIds }).toEqual({ node: node.name, credentialIds: [expect.stringMatching(/^sandbox/)] });
				else expect(credentialIds.filter((id) => demoIds.has(id))).toEqual([]);
			}
		}
	});

	it('point the Sinch trigger at the sandbox service and let the simulator reach the Fax.Plus trigger on loopback', () => {
		const wired = examples.map(wireExampleToSandbox).flatMap((workflow) => workflow.nodes);
		expect(wired.find((node) => node.type === 'n8n-nodes-fax.sinchFaxTrigger')?.parameters.serviceId).toBe('sandbox-fax-service');
		expect(wired.find((node) => node.type === 'n8n-nodes-fax.faxPlusTrigger')?.parameters.settings).toMatchObject({ allowedIps: '127.0.0.1, ::1' });
	});

	it('leave the example files themselves free of sandbox ids, importable anywhere', () => {
		for (const workflow of examples) expect(JSON.stringify(workflow)).not.toMatch(/sandbox/i);
	});

	it('read and write files at a path relative to n8n\'s working folder, inside .n8n-files/', () => {
		const files = examples.flatMap((workflow) => workflow.nodes).filter((node) => node.type === 'n8n-nodes-base.readWriteFile');
		expect(files.length).toBeGreaterThan(0);
		for (const node of files) {
			const filePath = node.parameters.operation === 'read' ? node.parameters.fileSelector : node.parameters.fileName;
			expect(filePath).toMatch(/^=?\.n8n-files\/[^/]+$/);
		}
	});

	it('have a simulator command for each example that runs to its last node here, and none for Slack or Drive', () => {
		const commands = examples
			.filter(runsInSandbox)
			.map((workflow) => simulatorCommand(workflow, 'http://127.0.0.1:5678', 'http://127.0.0.1:5688'));
		expect(commands.map((command) => command?.split(' ')[0]).sort()).toEqual(['faxplus', 'faxserver', 'phaxio', 'phaxio', 'phaxio', 'sinch']);
		expect(examples.filter((workflow) => !runsInSandbox(workflow)).map((workflow) => workflow.id).sort()).toEqual(['faxExamplePhxDrv', 'faxExamplePhxSlk']);
	});
});
