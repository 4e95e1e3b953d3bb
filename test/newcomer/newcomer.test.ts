import { execFile } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { simpleParser } from 'mailparser';
import { createServer } from 'net';
import path from 'path';
import { promisify } from 'util';

import { DEMO_CREDENTIALS } from '../sandbox/demoSetup';
import { Browser, type Page } from './browser';
import { N8nEditor } from './n8nEditor';
import { cloneForNewcomer } from './newcomerCheckout';
import { npmStart, type RunningStart } from './npmStart';
import { saveScreenshot } from './screenshots';

/**
 * The newcomer path, end to end, as the README tells it: a fresh clone, `npm start` (twice:
 * the simulator's bin must survive a rebuild), the owner set up in a real browser, each example
 * opened and published with the sandbox's demo credentials, one simulated fax per provider, and
 * each example's last node seen to work: the PDF on disk, the email in the mail catcher.
 * Screenshots of the walkthrough go to docs/images/.
 */

interface Example {
	id: string;
	trigger: string;
	triggerId: string;
	last: string;
}

/** The examples that run in the sandbox, and the two that need an account elsewhere. */
const RUNNABLE: Example[] = [
	{ id: 'faxExampleFxpDsk', trigger: 'Fax.Plus Trigger', triggerId: '6c3f0d2b-0000-4000-8000-000000000001', last: 'Save PDF to Disk' },
	{ id: 'faxExampleSncDsk', trigger: 'Sinch Fax Trigger', triggerId: '7d4a1e3c-0000-4000-8000-000000000001', last: 'Save PDF to Disk' },
	{ id: 'faxExamplePhxDsk', trigger: 'Phaxio Trigger', triggerId: '5b2e9c1a-0000-4000-8000-000000000001', last: 'Save PDF to Disk' },
	{ id: 'faxExampleSrvDsk', trigger: 'Fax Server Trigger', triggerId: '7c1d2e3f-0000-4000-8000-000000000001', last: 'Save PDF to Disk' },
	{ id: 'faxExamplePhxEml', trigger: 'Phaxio Trigger', triggerId: '8e5b2f4d-0000-4000-8000-000000000001', last: 'Email the Fax' },
	{ id: 'faxExamplePhxConf', trigger: 'Phaxio Trigger', triggerId: '', last: 'Fax Confirmation Back' },
	// Started by a form and by a schedule: published here, run by hand (the form) or at night.
	{ id: 'faxExamplePhxForm', trigger: 'Fax Form', triggerId: '', last: 'Send Fax' },
	{ id: 'faxExampleSncFail', trigger: 'Every Night', triggerId: '', last: 'Email the List' },
];
const NEEDS_ACCOUNT = [
	{ id: 'faxExamplePhxSlk', last: 'Upload to Slack' },
	{ id: 'faxExamplePhxDrv', last: 'Upload to Google Drive' },
];

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** An n8n port whose neighbours npm start also uses (+1 task broker, +10 provider APIs, +11 SMTP) are free. */
async function freeStartPort(): Promise<number> {
	for (let port = 6100; port < 6900; port += 20) {
		const wanted = [port, port + 1, port + 10, port + 11];
		if ((await Promise.all(wanted.map(portIsFree))).every(Boolean)) return port;
	}
	throw new Error('No free ports for npm start between 6100 and 6900');
}

const run = async (command: string, args: string[], cwd: string) => {
	const { NODE_OPTIONS: _options, ...env } = process.env;
	return await promisify(execFile)(command, args, { cwd, env, timeout: 60_000 });
};

async function outage(sandboxUrl: string, provider: string, status: number | null) {
	const answer = await fetch(`${sandboxUrl}/sandbox/outage`, { method: 'POST', body: JSON.stringify({ provider, status }) });
	if (!answer.ok) throw new Error(`The sandbox refused the outage: ${answer.status} ${await answer.text()}`);
}

/** The faxes the sandbox's Phaxio has sent, once one has arrived (the example sends after its trigger ran). */
async function sandboxPhaxioSentFaxes(sandboxUrl: string): Promise<Array<Record<string, unknown>>> {
	const authorization = `Basic ${Buffer.from('sandbox-phaxio-key:sandbox-phaxio-secret').toString('base64')}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		const answer = (await (await fetch(`${sandboxUrl}/phaxio/v2.1/faxes?direction=sent`, { headers: { authorization } })).json()) as {
			data: Array<Record<string, unknown>>;
		};
		if (answer.data.length > 0 || Date.now() > deadline) return answer.data;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** What n8n showed when publishing failed, for the record (the hint is asserted at node level). */
let publishErrorNotification = '';

async function waitForFiles(folder: string, matches: (name: string) => boolean, count: number, what: string): Promise<string[]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const found = existsSync(folder) ? readdirSync(folder).filter(matches) : [];
		if (found.length >= count) return found.map((name) => path.join(folder, name));
		if (Date.now() > deadline) throw new Error(`${what}: expected ${count} in ${folder}, found ${found.join(', ') || 'none'}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe('the newcomer path (npm run test:newcomer)', () => {
	const checkout = cloneForNewcomer();
	const userFolder = path.join(checkout.folder, '.n8n-local/n8n-2');
	let start: RunningStart | undefined;
	let browser: Browser | undefined;
	let page: Page | undefined;

	afterAll(async () => {
		if (publishErrorNotification) process.stderr.write(`n8n's notification when publishing failed:\n${publishErrorNotification}\n`);
		page?.close();
		await browser?.close();
		await start?.stop();
		checkout.remove();
	});

	it('takes a fresh clone from npm start to a fax on disk and in the mail catcher, in a real browser', async () => {
		const port = await freeStartPort();

		// npm start twice: the second one rebuilds dist/, after which the bin must still run.
		start = await npmStart(checkout.folder, port);
		await start.stop();
		start = await npmStart(checkout.folder, port);
		const bin = path.join(checkout.folder, 'dist/nodes/FaxSimulator/cli.js');
		expect(statSync(bin).mode & 0o111).toBe(0o111);
		const help = await run('npx', ['n8n-nodes-fax-simulate', '--help'], checkout.folder);
		expect(help.stdout).toContain('Sends a realistic fax webhook');
		expect(start.output()).toMatch(/mail catcher +smtp:\/\/127\.0\.0\.1:\d+: each email lands in \.n8n-local\/n8n-2\/sandbox\/mail\//);

		browser = await Browser.launch();
		page = await browser.page(1280, 800);
		const editor = new N8nEditor(page, `http://127.0.0.1:${port}`);
		await editor.setUpOwner();

		await editor.open('/home/workflows', 'Fax received (Sinch)');
		await saveScreenshot(page, 'walkthrough-1-examples.png');
		await editor.open('/home/credentials', 'Fax.Plus (sandbox demo)');
		await saveScreenshot(page, 'walkthrough-2-credentials.png');
		// Each credential form says, on the form itself, which fields which node needs and why.
		await editor.open(`/home/credentials/${DEMO_CREDENTIALS.phaxioApi.id}`, 'The Phaxio Trigger needs only the Webhook Token');
		await saveScreenshot(page, 'credential-phaxio.png');
		await editor.open(`/home/credentials/${DEMO_CREDENTIALS.sinchFaxApi.id}`, 'Sinch signs no webhooks');

		for (const example of RUNNABLE) {
			await editor.openWorkflow(example.id, example.last);
			if (example.id === 'faxExampleFxpDsk') {
				await editor.openNode(example.id, example.triggerId, 'Fax.Plus (sandbox demo)');
				await saveScreenshot(page, 'walkthrough-3-trigger.png');
				await editor.openWorkflow(example.id, example.last);
			}
			if (example.id === 'faxExampleSncDsk') {
				// A provider refusing the credential while n8n publishes: the notification says what failed.
				await outage(start.sandboxUrl(), 'sinch', 401);
				const notification = await editor.publishExpectingError();
				await saveScreenshot(page, 'publish-error.png');
				expect(notification).toContain('Workflow could not be published');
				expect(notification).toMatch(/Sinch[^\n]* failed \(HTTP 401\)/);
				publishErrorNotification = notification;
				await editor.dismissNotifications();
				await outage(start.sandboxUrl(), 'sinch', null);
			}
			await editor.publish();
			await editor.dismissPublishedDialog();
			if (example.id === 'faxExampleFxpDsk') {
				await editor.dismissTips();
				await saveScreenshot(page, 'walkthrough-4-published.png');
			}
		}
		// Slack and Google Drive need accounts there: they import and open, unpublished.
		for (const example of NEEDS_ACCOUNT) await editor.openWorkflow(example.id, example.last);

		// One fax per provider (and one more for the email example), with the commands npm start printed.
		const commands = start.simulatorCommands();
		expect(commands.map((command) => command.split(' ')[2]).sort()).toEqual(['faxplus', 'faxserver', 'phaxio', 'phaxio', 'phaxio', 'sinch']);
		for (const command of commands) {
			const [, bin, ...args] = command.split(' ');
			const sent = await run('npx', [bin, ...args], checkout.folder);
			expect(sent.stdout).toMatch(/^200 /);
			expect(sent.stdout).toContain('a run started');
		}

		// Beside fax-confirmation.pdf, the page npm start provides for the confirmation example.
		const saved = await waitForFiles(path.join(userFolder, '.n8n-files'), (name) => /-fax-.+\.pdf$/.test(name), 4, 'faxes saved by the disk examples');
		expect(saved.map((file) => path.basename(file).split('-')[0]).sort()).toEqual(['faxplus', 'faxserver', 'phaxio', 'sinch']);
		for (const file of saved) expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

		const [mailFile] = await waitForFiles(path.join(userFolder, 'sandbox/mail'), (name) => name.endsWith('.eml'), 1, 'the email example\'s message');
		const mail = await simpleParser(readFileSync(mailFile));
		expect(mail.subject).toMatch(/^Fax from \+15551230001/);
		expect(mail.attachments).toHaveLength(1);
		expect(mail.attachments[0].contentType).toBe('application/pdf');
		expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');

		// The confirmation example faxed its page back to the sender, through the stand-in Phaxio API.
		const sentByPhaxio = await sandboxPhaxioSentFaxes(start.sandboxUrl());
		expect(sentByPhaxio).toEqual([expect.objectContaining({ direction: 'sent' })]);

		await editor.open('/workflow/faxExamplePhxEml/executions', 'Succeeded');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await editor.dismissTips();
		await saveScreenshot(page, 'walkthrough-5-execution.png');
	});
});
