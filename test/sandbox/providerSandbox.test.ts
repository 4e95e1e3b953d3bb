import { execFile } from 'child_process';
import type { IDataObject } from 'n8n-workflow';
import path from 'path';
import { promisify } from 'util';

import { FaxPlusApi } from '../../credentials/FaxPlusApi.credentials';
import { SinchFaxApi } from '../../credentials/SinchFaxApi.credentials';
import { FaxPlusTrigger } from '../../nodes/FaxPlus/FaxPlusTrigger.node';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { binaryBytes, startTriggerServer, type TriggerServer } from '../support/triggerServer';
import { demoCredentials } from './demoSetup';
import { ProviderSandbox } from './providerSandbox';

const CLI = path.resolve(__dirname, '../../dist/nodes/FaxSimulator/cli.js');
const simulate = async (args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args])).stdout;

let sandbox: ProviderSandbox;
let server: TriggerServer | undefined;
beforeEach(async () => {
	sandbox = await new ProviderSandbox(0).start();
});
afterEach(async () => {
	await server?.close();
	server = undefined;
	await sandbox.stop();
});

/** The sandbox's demo credential of a type, as n8n would hand it to the node. */
const demo = (type: string) => demoCredentials(sandbox.baseUrl, 2525).find((credential) => credential.type === type)!.data as IDataObject;

describe("npm start's provider sandbox", () => {
	it('answers the Phaxio credential test with the demo key pair only', async () => {
		const { apiKey, apiSecret, baseUrl } = demo('phaxioApi') as Record<string, string>;
		const status = await fetch(`${baseUrl}/account/status`, {
			headers: { authorization: `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}` },
		});
		expect(status.status).toBe(200);
		expect(await status.json()).toMatchObject({ success: true });
		const wrong = await fetch(`${baseUrl}/account/status`, { headers: { authorization: 'Basic d3Jvbmc6d3Jvbmc=' } });
		expect(wrong.status).toBe(401);
	});

	it('lets a Fax.Plus Trigger with the demo credential register its hook and download a fax the simulator announced', async () => {
		server = await startTriggerServer({
			node: new FaxPlusTrigger(),
			webhookPath: 'faxplus',
			parameters: { authentication: 'accessToken', events: ['fax.received'], settings: { allowedIps: '127.0.0.1, ::1', confirmWithApi: true } },
			credentials: { faxPlusApi: demo('faxPlusApi') },
			credentialTypes: { faxPlusApi: new FaxPlusApi() },
		});
		const hooks = new FaxPlusTrigger().webhookMethods.default;
		expect(await hooks.create.call(server.hookContext())).toBe(true);
		expect(sandbox.faxPlus.hooks).toEqual([expect.objectContaining({ event: 'fax_received', target: server.productionUrl })]);

		const output = await simulate(['faxplus', 'fax.received', '--url', server.productionUrl, '--sandbox', sandbox.baseUrl, '--fax-id', 'fxsandbox1']);
		expect(output).toMatch(/^200 OK\na run started/);
		expect(server.runs).toHaveLength(1);
		const [item] = server.runs[0].items;
		expect(item.json).toMatchObject({ provider: 'faxplus', faxId: 'fxsandbox1', documentError: null });
		expect(binaryBytes(item).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('gives the Sinch Fax Trigger a fax service to point at, and confirms an announced fax', async () => {
		server = await startTriggerServer({
			node: new SinchFaxTrigger(),
			webhookPath: 'sinch',
			parameters: { serviceId: 'sandbox-fax-service', events: ['fax.received'], contentType: 'application/json', settings: { confirmWithApi: true } },
			credentials: { sinchFaxApi: demo('sinchFaxApi') },
			credentialTypes: { sinchFaxApi: new SinchFaxApi() },
		});
		const hooks = new SinchFaxTrigger().webhookMethods.default;
		expect(await hooks.create.call(server.hookContext())).toBe(true);
		expect(sandbox.sinch.services.get('sandbox-fax-service')?.incomingWebhookUrl).toContain(new URL(server.productionUrl).pathname);

		const { webhookUsername, webhookPassword } = demo('sinchFaxApi') as Record<string, string>;
		const args = ['sinch', 'fax.received', '--url', server.productionUrl, '--user', webhookUsername, '--password', webhookPassword];
		expect(await simulate([...args, '--sandbox', sandbox.baseUrl])).toContain('a run started');
		expect(server.runs).toHaveLength(1);
		// Without the announcement the stand-in account does not know the fax: confirmation refuses it.
		const unknown = await promisify(execFile)(process.execPath, [CLI, ...args]).catch((error: { stdout: string }) => error);
		expect(unknown.stdout).toMatch(/^403 [^]*no run started/);
	});

	it('plays an outage on request, and publishing then says what failed and what to check', async () => {
		server = await startTriggerServer({
			node: new FaxPlusTrigger(),
			webhookPath: 'faxplus',
			parameters: { authentication: 'accessToken', events: ['fax.received'], settings: { allowedIps: '127.0.0.1' } },
			credentials: { faxPlusApi: demo('faxPlusApi') },
			credentialTypes: { faxPlusApi: new FaxPlusApi() },
		});
		const outage = async (status: number | null) =>
			await fetch(`${sandbox.baseUrl}/sandbox/outage`, { method: 'POST', body: JSON.stringify({ provider: 'faxplus', status }) });
		expect((await outage(401)).status).toBe(200);
		const hooks = new FaxPlusTrigger().webhookMethods.default;
		const failure = (await hooks.create.call(server.hookContext()).catch((error: unknown) => error)) as { message: string; description: string };
		expect(failure.message).toMatch(/Fax\.Plus.*failed \(HTTP 401\)/);
		expect(failure.description).toContain('check the Personal Access Token');

		await outage(null);
		expect(await hooks.create.call(server.hookContext())).toBe(true);
	});

	it('says which paths it serves when asked for another', async () => {
		const answer = await fetch(`${sandbox.baseUrl}/elsewhere`);
		expect(answer.status).toBe(404);
		expect(await answer.text()).toContain('/faxplus/v3');
	});
});
