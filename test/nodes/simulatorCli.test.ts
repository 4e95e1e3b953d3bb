import { execFile } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { PhaxioTrigger } from '../../nodes/Phaxio/PhaxioTrigger.node';
import { SinchFaxTrigger } from '../../nodes/SinchFax/SinchFaxTrigger.node';
import { startTriggerServer, type TriggerServer } from '../support/triggerServer';

const CLI = path.resolve(__dirname, '../../dist/nodes/FaxSimulator/cli.js');
const run = async (args: string[]) =>
	await promisify(execFile)(process.execPath, [CLI, ...args]).then(
		({ stdout }) => ({ code: 0, stdout, stderr: '' }),
		(error: { code: number; stdout: string; stderr: string }) => error,
	);

let server: TriggerServer;
afterEach(async () => await server.close());

describe('n8n-nodes-fax-simulate (built CLI)', () => {
	it('sends a Phaxio fax the trigger accepts as genuine, then the same fax as a duplicate', async () => {
		server = await startTriggerServer({
			node: new PhaxioTrigger(),
			webhookPath: 'phaxio',
			parameters: { events: ['fax.received'], settings: {} },
			credentials: { phaxioApi: { webhookToken: 'sim-token' } },
		});
		const args = ['phaxio', 'fax.received', '--url', server.productionUrl, '--token', 'sim-token', '--fax-id', '31337'];
		const first = (await run(args)).stdout;
		expect(first).toMatch(/^200 /);
		expect(first).toContain('a run started');
		expect(server.runs).toHaveLength(1);
		expect(server.runs[0].items[0].json).toMatchObject({ faxId: '31337', document: { mimeType: 'application/pdf' } });
		const again = (await run(args)).stdout;
		expect(again).toContain('duplicate');
		expect(again).toContain('no run started');

		const forged = await run(['phaxio', 'fax.received', '--url', server.productionUrl, '--token', 'wrong']);
		expect(forged.code).toBe(1);
		expect(forged.stdout).toMatch(/^401 /);
		expect(forged.stdout).toContain('no run started: the trigger refused the request');
	});

	it('is executable as built, so that npx and a global install can run it', () => {
		expect(statSync(CLI).mode & 0o111).toBe(0o111);
	});

	it('sends a Sinch multipart fax with basic auth', async () => {
		server = await startTriggerServer({
			node: new SinchFaxTrigger(),
			webhookPath: 'sinch',
			parameters: { events: ['fax.received'], settings: {} },
			credentials: { sinchFaxApi: { webhookUsername: 'u', webhookPassword: 'p' } },
		});
		const result = await run(['sinch', 'fax.received', '--url', server.productionUrl, '--user', 'u', '--password', 'p', '--multipart']);
		expect(result.stdout).toMatch(/^200 /);
		expect(server.runs[0].items[0].json).toMatchObject({ provider: 'sinch', document: { mimeType: 'application/pdf' } });
	});

	it('starts from the documented fixtures shipped in dist/, with no repository around it', async () => {
		const installed = mkdtempSync(path.join(tmpdir(), 'fax-simulator-'));
		try {
			cpSync(path.resolve(__dirname, '../../dist'), path.join(installed, 'dist'), { recursive: true });
			server = await startTriggerServer({
				node: new PhaxioTrigger(),
				webhookPath: 'phaxio',
				parameters: { events: ['fax.received'], settings: {} },
				credentials: { phaxioApi: { webhookToken: 'sim-token' } },
			});
			const copiedCli = path.join(installed, 'dist/nodes/FaxSimulator/cli.js');
			const { stdout } = await promisify(execFile)(
				process.execPath,
				[copiedCli, 'phaxio', 'fax.received', '--url', server.productionUrl, '--token', 'sim-token', '--fax-id', '4242'],
				{ cwd: installed },
			);
			expect(stdout).toMatch(/^200 /);
			const documented = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/phaxio/received.json'), 'utf8')) as {
				payload: { fax: Record<string, unknown> };
			};
			const sent = (server.runs[0].items[0].json.raw as { fax: Record<string, unknown> }).fax;
			expect(Object.keys(sent)).toEqual(Object.keys(documented.payload.fax));
			expect(sent).toMatchObject({ id: 4242, direction: 'received', cost: documented.payload.fax.cost });
		} finally {
			rmSync(installed, { recursive: true, force: true });
		}
	});

	it('says what is missing instead of sending a request that cannot pass', async () => {
		const result = await run(['phaxio', 'fax.received', '--url', 'http://127.0.0.1:9/x']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--token');
	});
});
