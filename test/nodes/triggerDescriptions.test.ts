import { readFileSync } from 'fs';
import path from 'path';
import { resolveWebhookDescriptionField, type INode, type INodeProperties, type INodeType } from 'n8n-workflow';

import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
import { FaxServerTrigger } from '../../nodes/FaxServer/FaxServerTrigger.node';
import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';

/** What a user sees of each trigger before any request: canvas subtitle, trigger panel, docs link. */
const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const TRIGGERS: Array<[string, INodeType, string, string]> = [
	['Phaxio', new PhaxioTrigger(), 'PhaxioTrigger.node.json', 'phaxio'],
	['Fax.Plus', new FaxPlusTrigger(), 'FaxPlusTrigger.node.json', 'faxplus'],
	['Sinch', new SinchFaxTrigger(), 'SinchFaxTrigger.node.json', 'sinch'],
	['Fax Server', new FaxServerTrigger(), 'FaxServerTrigger.node.json', 'faxserver'],
];
const FOLDERS: Record<string, string> = { phaxio: 'Phaxio', faxplus: 'FaxPlus', sinch: 'SinchFax', faxserver: 'FaxServer' };

/** An n8n expression over the node's parameters, evaluated as the editor does for a subtitle. */
function evaluate(expression: string, parameters: object): unknown {
	const body = /^=\{\{(.*)\}\}$/s.exec(expression)![1];
	return new Function('$parameter', `return (${body});`)(parameters);
}

describe.each(TRIGGERS)('%s Trigger', (_name, node, codexFile, simulatorProvider) => {
	const events = node.description.properties.find((property) => property.name === 'events') as INodeProperties;
	const options = events.options as Array<{ name: string; value: string }>;

	it('shows the names of the chosen events on the canvas, not their values', () => {
		const chosen = options.slice(0, 2).map((option) => option.value);
		expect(evaluate(node.description.subtitle!, { events: chosen })).toBe(options.slice(0, 2).map((option) => option.name).join(', '));
	});

	it('tells in its trigger panel how to make a test event arrive, and says "publish"', () => {
		const panel = node.description.triggerPanel as { executionsHelp: { inactive: string }; activationHint: string };
		expect(panel.executionsHelp.inactive).toContain(`npx -p n8n-nodes-fax n8n-nodes-fax-simulate ${simulatorProvider} fax.received`);
		expect(panel.executionsHelp.inactive).toContain('publish it (n8n 1.x: activate it)');
		expect(panel.activationHint).toContain('publish');
	});

	it('points its documentation at its own section of the README', () => {
		const codex = JSON.parse(readFileSync(path.resolve(__dirname, '../../nodes', FOLDERS[simulatorProvider], codexFile), 'utf8'));
		const anchor = String(codex.resources.primaryDocumentation[0].url).split('#')[1];
		const headings = [...README.matchAll(/^## (.+)$/gm)].map(([, heading]) =>
			heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'),
		);
		expect(headings).toContain(anchor);
	});
});

describe('trigger versions', () => {
	const rawSwitch = (node: INodeType) => node.description.properties.find((property) => property.name === 'options');

	it.each(TRIGGERS.filter(([name]) => name !== 'Fax Server'))('%s: new nodes are version 2 (n8n parses the body), saved version-1 nodes still load', (_name, node) => {
		expect(node.description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
		// Only version 1 asks n8n for the untouched request, through the switch n8n reads with an expression.
		expect(rawSwitch(node)).toMatchObject({ default: { binaryData: true }, displayOptions: { show: { '@version': [1] } } });
	});

	it('Fax Server: version 1 only, since its signature covers the raw body that n8n\'s parsing would not keep', () => {
		const node = new FaxServerTrigger();
		expect(node.description.version).toBe(1);
		expect(rawSwitch(node)).toMatchObject({ default: { binaryData: true } });
	});
});

describe('webhook description', () => {
	const webhook = new PhaxioTrigger().description.webhooks![0];
	const node = (parameters: object) => ({ name: 'Phaxio Trigger', type: 'n8n-nodes-fax.phaxioTrigger', typeVersion: 2, parameters }) as unknown as INode;

	it.each([{}, { acknowledge: 'whenReceived' }, { acknowledge: 'whenFinished' }])(
		'n8n resolves the response mode without its expression engine, to what the template gives (settings %j)',
		(settings) => {
			const native = resolveWebhookDescriptionField(node({ events: ['fax.received'], settings }), webhook, 'responseMode');
			expect(native).toEqual({ resolved: true, value: evaluate(String(webhook.responseMode), { settings }) });
		},
	);

	it.each([
		[{}, 'responseNode'],
		[{ acknowledge: 'whenFinished' }, 'responseNode'],
		[{ acknowledge: 'whenReceived' }, 'onReceived'],
	])(
		'in queue mode answers a finished run through the job-finished message, not the wait for the job (settings %j)',
		(settings, responseMode) => {
			jest.isolateModules(() => {
				const config = { executions: { mode: 'queue' }, queue: { bull: { prefix: 'bull', redis: {} } } };
				jest.doMock('@n8n/config', () => ({ GlobalConfig: class GlobalConfig {} }), { virtual: true });
				jest.doMock('@n8n/di', () => ({ Container: { get: () => config } }), { virtual: true });
				const { PhaxioTrigger: InQueueMode } = require('../../nodes/Phaxio/PhaxioTrigger.node') as typeof import('../../nodes/Phaxio/PhaxioTrigger.node');
				const queueWebhook = new InQueueMode().description.webhooks![0];
				const native = resolveWebhookDescriptionField(node({ events: ['fax.received'], settings }), queueWebhook, 'responseMode');
				expect(native).toEqual({ resolved: true, value: responseMode });
			});
		},
	);

	it('falls back to the template when a parameter is an expression', () => {
		const native = resolveWebhookDescriptionField(node({ events: '={{["fax.received"]}}', settings: {} }), webhook, 'responseMode');
		expect(native).toEqual({ resolved: false });
	});
});
