import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

import { FaxServerTrigger } from '../../nodes/FaxServer/FaxServerTrigger.node';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { binaryBytes, startTriggerServer, type TriggerServer } from '../support/triggerServer';

/** The hook script the README gives Asterisk and HylaFAX users, run as they would run it. */
const SCRIPT = path.resolve(__dirname, '../../docs/fax-server/fax-to-n8n.sh');
const SECRET = 'script-secret-0123456789abcdef';
const run = promisify(execFile);

let server: TriggerServer;
let folder: string;
beforeEach(async () => {
	folder = mkdtempSync(path.join(tmpdir(), 'fax-script-'));
	server = await startTriggerServer({
		node: new FaxServerTrigger(),
		webhookPath: 'faxserver',
		parameters: { events: ['fax.received', 'fax.failed'], settings: {} },
		credentials: { faxServerApi: { secret: SECRET, verification: 'signature' } },
	});
});
afterEach(async () => {
	await server.close();
	rmSync(folder, { recursive: true, force: true });
});

async function script(args: string[], secret = SECRET) {
	const env = { PATH: process.env.PATH ?? '', N8N_FAX_URL: server.productionUrl, N8N_FAX_SECRET: secret, N8N_FAX_ENV: '/nonexistent' };
	return await run('sh', [SCRIPT, ...args], { env }).then(
		(result) => ({ code: 0, ...result }),
		(error: { code: number; stdout: string; stderr: string }) => error,
	);
}

it('posts a received fax that the trigger verifies and turns into an item', async () => {
	const fax = path.join(folder, '1700000000.42.pdf');
	const pdf = samplePdf('From the hook script');
	writeFileSync(fax, pdf);
	const result = await script([fax, '+15551230001', '5559870002', '1700000000.42', 'received', '1']);
	expect(result.code).toBe(0);
	expect(server.runs).toHaveLength(1);
	const [item] = server.runs[0].items;
	expect(item.json).toMatchObject({ provider: 'faxserver', event: 'fax.received', faxId: '1700000000.42', from: '+15551230001', pages: 1 });
	expect(binaryBytes(item).equals(pdf)).toBe(true);
});

it('reports a failed reception without a file', async () => {
	const result = await script(['/nonexistent.tiff', '+15551230001', '100', 'call-7', 'failed', '0', 'No carrier']);
	expect(result.code).toBe(0);
	expect(server.runs[0].items[0].json).toMatchObject({ event: 'fax.failed', error: { message: 'No carrier' } });
});

it('fails loudly with a wrong secret, and nothing runs', async () => {
	const fax = path.join(folder, 'x.pdf');
	writeFileSync(fax, samplePdf());
	const result = await script([fax, '+15551230001', '100', 'call-8'], 'not-the-secret-000000');
	expect(result.code).not.toBe(0);
	expect(result.stderr).toContain('401');
	expect(server.runs).toHaveLength(0);
});
