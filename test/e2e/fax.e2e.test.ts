import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { tmpdir } from 'os';
import path from 'path';
import { SMTPServer } from 'smtp-server';

import { faxPlusWebhookBody } from '../../nodes/FaxSimulator/faxPlusWebhook';
import { computeFaxServerSignature } from '../../nodes/FaxServer/faxServerSignature';
import { faxServerWebhook } from '../../nodes/FaxSimulator/faxServerWebhook';
import { multipartBody } from '../../nodes/FaxSimulator/multipartBody';
import { phaxioWebhook, phaxioWebhookFields, type SimulatedRequest } from '../../nodes/FaxSimulator/phaxioWebhook';
import { computePhaxioSignature } from '../../nodes/Phaxio/phaxioSignature';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { sinchWebhook } from '../../nodes/FaxSimulator/sinchWebhook';
import { ensureDebianPackages } from '../support/debianPackages';
import { differingPixels, drawFaxPage, FAX_IMAGE_TOOLS, FixtureFolder } from '../support/faxTiffFixtures';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { eventually, N8N_MAJOR, N8nInstance, sendToN8n, type ImportedWorkflow } from './support/n8nHarness';

/** First use installs Node 24 and n8n (a few minutes); later runs start in seconds. */
jest.setTimeout(20 * 60_000);

const PHAXIO_TOKEN = 'e2e-phaxio-webhook-token';
const FAX_PLUS_TOKEN = 'e2e-faxplus-pat';
const SINCH_USER = 'sinch-e2e';
const SINCH_PASSWORD = 'sinch-e2e-password';
const FAX_SERVER_SECRET = 'e2e-fax-server-secret-0123456789';

const outputDir = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-out-'));
const faxPlusApi = new FakeFaxPlusApi(FAX_PLUS_TOKEN);
const sinchApi = new FakeSinchApi('proj-e2e', 'key-e2e', 'secret-e2e');
const mails: ParsedMail[] = [];
const smtp = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS'],
	onData(stream, _session, callback) {
		simpleParser(stream).then((mail) => {
			mails.push(mail);
			callback();
		}, callback);
	},
});
let smtpPort = 0;
let n8n: N8nInstance;

/** An example workflow from test/e2e/workflows, with this run's credentials and output folder. */
function example(file: string, patch: (workflow: ImportedWorkflow & { nodes: ExampleNode[] }) => void) {
	const workflow = JSON.parse(readFileSync(path.join(__dirname, 'workflows', file), 'utf8'));
	patch(workflow);
	for (const node of workflow.nodes as ExampleNode[]) {
		if (node.type === 'n8n-nodes-base.readWriteFile') {
			node.parameters.fileName = `=${outputDir}/{{ $json.provider }}-{{ $json.document.fileName }}`;
		}
	}
	return workflow as ImportedWorkflow;
}

interface ExampleNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

const trigger = (workflow: { nodes: ExampleNode[] }) => workflow.nodes[0];
const credential = (type: string, id: string) => ({ [type]: { id, name: type } });

const WORKFLOWS = {
	phaxioDisk: 'faxExamplePhxDsk',
	phaxioEmail: 'faxExamplePhxEml',
	faxPlusDisk: 'faxExampleFxpDsk',
	faxPlusDefaultIps: 'faxE2eFxpIpsOnly',
	sinchDisk: 'faxExampleSncDsk',
	faxServerDisk: 'faxExampleSrvDsk',
	phaxioSavedV1: 'faxE2ePhxSavedV1',
	sinchSavedV1: 'faxE2eSncSavedV1',
};
/** Workflows saved before version 2 existed: their triggers stay version 1 and keep working. */
const SAVED_V1_WEBHOOKS = { phaxio: 'a0e2e0f1-0000-4000-8000-0000000001a1', sinch: 'a0e2e0f1-0000-4000-8000-0000000001a2' };
const spoolDir = path.join(outputDir, 'spool');

beforeAll(async () => {
	await faxPlusApi.start();
	await sinchApi.start();
	sinchApi.services.set('svc-e2e', {
		id: 'svc-e2e',
		name: 'E2E line',
		incomingWebhookUrl: 'https://previous.example.com/fax',
		webhookContentType: 'multipart/form-data',
	});
	sinchApi.services.set('svc-e2e-v1', { id: 'svc-e2e-v1', name: 'E2E line, saved workflow', incomingWebhookUrl: '', webhookContentType: 'application/json' });
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	smtpPort = (smtp.server.address() as { port: number }).port;

	const faxPlusDefaultIps = example('faxplus-fax-to-disk.json', (workflow) => {
		workflow.id = WORKFLOWS.faxPlusDefaultIps;
		workflow.name = 'Fax.Plus with its default Allowed IPs';
		trigger(workflow).webhookId = 'a0e2e0f1-0000-4000-8000-00000000f1a5';
		trigger(workflow).credentials = credential('faxPlusApi', 'faxPlusE2eCred01');
		workflow.nodes = [trigger(workflow)];
		workflow.connections = {};
	});

	n8n = await N8nInstance.launch({
		env: { N8N_RESTRICT_FILE_ACCESS_TO: outputDir },
		credentials: [
			{
				id: 'phaxioE2eCred001',
				name: 'phaxioApi',
				type: 'phaxioApi',
				data: { apiKey: 'key', apiSecret: 'secret', webhookToken: PHAXIO_TOKEN, baseUrl: 'http://127.0.0.1:9/v2.1' },
			},
			{
				id: 'faxPlusE2eCred01',
				name: 'faxPlusApi',
				type: 'faxPlusApi',
				data: { accessToken: FAX_PLUS_TOKEN, baseUrl: faxPlusApi.baseUrl },
			},
			{
				id: 'sinchE2eCred0001',
				name: 'sinchFaxApi',
				type: 'sinchFaxApi',
				data: {
					projectId: 'proj-e2e',
					keyId: 'key-e2e',
					keySecret: 'secret-e2e',
					webhookUsername: SINCH_USER,
					webhookPassword: SINCH_PASSWORD,
					baseUrl: sinchApi.baseUrl,
					authUrl: sinchApi.authUrl,
				},
			},
			{
				id: 'faxServerE2eCrd1',
				name: 'faxServerApi',
				type: 'faxServerApi',
				data: { secret: FAX_SERVER_SECRET, verification: 'signature' },
			},
			{
				id: 'smtpE2eCred00001',
				name: 'smtp',
				type: 'smtp',
				data: { user: '', password: '', host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
			},
		],
		workflows: [
			example('phaxio-fax-to-disk.json', (workflow) => {
				trigger(workflow).credentials = credential('phaxioApi', 'phaxioE2eCred001');
				trigger(workflow).parameters.events = ['fax.received', 'fax.sent'];
			}),
			example('phaxio-fax-to-email.json', (workflow) => {
				trigger(workflow).credentials = credential('phaxioApi', 'phaxioE2eCred001');
				workflow.nodes[1].credentials = credential('smtp', 'smtpE2eCred00001');
			}),
			example('faxplus-fax-to-disk.json', (workflow) => {
				trigger(workflow).credentials = credential('faxPlusApi', 'faxPlusE2eCred01');
				trigger(workflow).parameters.settings = { allowedIps: '127.0.0.1, ::1' };
			}),
			faxPlusDefaultIps,
			example('sinch-fax-to-disk.json', (workflow) => {
				trigger(workflow).credentials = credential('sinchFaxApi', 'sinchE2eCred0001');
				trigger(workflow).parameters.serviceId = 'svc-e2e';
			}),
			example('phaxio-fax-to-disk.json', (workflow) => {
				workflow.id = WORKFLOWS.phaxioSavedV1;
				workflow.name = 'Phaxio, saved with a version-1 trigger';
				Object.assign(trigger(workflow), { typeVersion: 1, webhookId: SAVED_V1_WEBHOOKS.phaxio, credentials: credential('phaxioApi', 'phaxioE2eCred001') });
			}),
			example('sinch-fax-to-disk.json', (workflow) => {
				workflow.id = WORKFLOWS.sinchSavedV1;
				workflow.name = 'Sinch, saved with a version-1 trigger';
				Object.assign(trigger(workflow), { typeVersion: 1, webhookId: SAVED_V1_WEBHOOKS.sinch, credentials: credential('sinchFaxApi', 'sinchE2eCred0001') });
				trigger(workflow).parameters.serviceId = 'svc-e2e-v1';
			}),
			example('faxserver-fax-to-disk.json', (workflow) => {
				trigger(workflow).credentials = credential('faxServerApi', 'faxServerE2eCrd1');
				trigger(workflow).parameters.settings = { readFromFolder: spoolDir };
			}),
		],
	});
	for (const id of Object.values(WORKFLOWS)) await n8n.activate(id);
});

afterAll(async () => {
	await n8n?.dispose();
	await faxPlusApi.stop();
	await sinchApi.stop();
	await new Promise<void>((resolve) => smtp.close(() => resolve()));
	rmSync(outputDir, { recursive: true, force: true });
});

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
/** Posts what a simulator built (its body and headers) to n8n, as the provider would. */
const deliver = async (target: string, request: Pick<SimulatedRequest, 'body' | 'headers'>) =>
	await sendToN8n(target, { method: 'POST', body: request.body, headers: request.headers });
const savedFax = (provider: string, faxId: string) => path.join(outputDir, `${provider}-fax-${faxId}.pdf`);

describe(`Phaxio Trigger in a real n8n ${N8N_MAJOR}.x`, () => {
	const url = () => n8n.webhookUrl('5b2e9c1a-7f3d-4e8b-9a6c-1d0e2f3a4b01', 'phaxio');

	it('runs the workflow once for a signed received fax, and the saved PDF is the fax', async () => {
		await n8n.waitForWebhook(url());
		const pdf = samplePdf('End to end fax');
		const request = phaxioWebhook({ url: url(), webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId: 880001, document: pdf });
		const response = await deliver(url(), request);
		expect(response.status).toBe(200);

		const executions = await n8n.waitForExecutions(WORKFLOWS.phaxioDisk, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const [item] = executions[0].items('Phaxio Trigger');
		expect(item.json).toMatchObject({
			provider: 'phaxio',
			event: 'fax.received',
			faxId: '880001',
			direction: 'inbound',
			document: { mimeType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) },
		});
		expect(n8n.binaryBytes(item).equals(pdf)).toBe(true);
		expect(readFileSync(savedFax('phaxio', '880001')).equals(pdf)).toBe(true);
	});

	it('answers a forged request with 401 and records no execution', async () => {
		const before = (await n8n.executions(WORKFLOWS.phaxioDisk)).length;
		const request = phaxioWebhook({ url: url(), webhookToken: 'forger-token', event: 'fax.received', faxId: 880002 });
		const response = await deliver(url(), request);
		expect(response.status).toBe(401);
		expect(await response.text()).not.toContain(PHAXIO_TOKEN);
		expect(await n8n.settledExecutions(WORKFLOWS.phaxioDisk)).toHaveLength(before);
		expect(existsSync(savedFax('phaxio', '880002'))).toBe(false);
	});

	it('emails the fax with the PDF attached, byte for byte', async () => {
		const emailUrl = n8n.webhookUrl('8e5b2f4d-0c6a-4b1e-8d9f-4a3b5c6d7e04', 'phaxio');
		await n8n.waitForWebhook(emailUrl);
		const pdf = samplePdf('Fax for the office mailbox');
		const request = phaxioWebhook({ url: emailUrl, webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId: 880004, document: pdf, from: '+15550001111' });
		expect((await deliver(emailUrl, request)).status).toBe(200);
		const [execution] = await n8n.waitForExecutions(WORKFLOWS.phaxioEmail, 1);
		expect(execution.status).toBe('success');
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('Fax from +15550001111 (1 pages)');
		expect(mails[0].attachments).toHaveLength(1);
		expect(mails[0].attachments[0].filename).toBe('fax-880004.pdf');
		expect(mails[0].attachments[0].content.equals(pdf)).toBe(true);
	});

	it('answers a run that failed with 500, so that the provider\'s retry runs it again', async () => {
		// A sent fax carries no document: the workflow's "save to disk" step fails.
		const request = phaxioWebhook({ url: url(), webhookToken: PHAXIO_TOKEN, event: 'fax.sent', faxId: 880005 });
		const before = (await n8n.executions(WORKFLOWS.phaxioDisk)).length;
		expect((await deliver(url(), request)).status).toBe(500);
		expect((await deliver(url(), request)).status).toBe(500);
		const executions = await n8n.settledExecutions(WORKFLOWS.phaxioDisk);
		expect(executions).toHaveLength(before + 2);
		// Newest first.
		expect(executions.slice(0, 2).map((execution) => execution.status)).toEqual(['error', 'error']);
	});

	it('starts one run for a delivery repeated across an n8n restart', async () => {
		const request = phaxioWebhook({
			url: url(),
			webhookToken: PHAXIO_TOKEN,
			event: 'fax.received',
			faxId: 880003,
			document: samplePdf('Repeated across a restart'),
		});
		const before = (await n8n.executions(WORKFLOWS.phaxioDisk)).length;
		expect((await deliver(url(), request)).status).toBe(200);
		await n8n.waitForExecutions(WORKFLOWS.phaxioDisk, before + 1);
		await n8n.restart();
		await n8n.waitForWebhook(url());
		const again = await deliver(url(), request);
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ started: false });
		expect(await n8n.settledExecutions(WORKFLOWS.phaxioDisk)).toHaveLength(before + 1);
	});
});

describe(`Phaxio Trigger version 2 (n8n parses the body) in a real n8n ${N8N_MAJOR}.x`, () => {
	// The example workflows hold version-2 triggers, as new nodes are.
	const url = () => `${n8n.webhookUrl('5b2e9c1a-7f3d-4e8b-9a6c-1d0e2f3a4b01', 'phaxio')}?tenant=north&lang=de`;

	/** A signed delivery with repeated fields, non-ASCII text and a query string in the signed URL. */
	function awkwardDelivery(faxId: number, pdf: Buffer) {
		const fields = [
			...phaxioWebhookFields({ url: url(), webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId }),
			{ name: 'tag', value: 'Zürich – 東京 📠' },
			{ name: 'tag', value: 'second value' },
			{ name: 'note', value: 'ÄÖÜ ß é' },
		];
		const files = [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: pdf }];
		const signature = computePhaxioSignature(PHAXIO_TOKEN, url(), fields, [{ fieldName: 'file', sha1: createHash('sha1').update(pdf).digest('hex') }]);
		return { fields, files, signature };
	}
	const send = async ({ fields, files, signature }: ReturnType<typeof awkwardDelivery>) => {
		const encoded = multipartBody(fields, files);
		return await sendToN8n(url(), { method: 'POST', body: encoded.body, headers: { 'content-type': encoded.contentType, 'x-phaxio-signature': signature } });
	};

	it('verifies the signature byte for byte over what n8n parsed: repeated fields, non-ASCII text, a query string', async () => {
		const before = (await n8n.executions(WORKFLOWS.phaxioDisk)).length;
		const pdf = samplePdf('Version 2, awkward fields');
		expect((await send(awkwardDelivery(880101, pdf))).status).toBe(200);
		const executions = await n8n.waitForExecutions(WORKFLOWS.phaxioDisk, before + 1);
		expect(executions[0].items('Phaxio Trigger')[0].json).toMatchObject({ faxId: '880101', document: { sha256: sha256(pdf) } });
		expect(readFileSync(savedFax('phaxio', '880101')).equals(pdf)).toBe(true);
	});

	it('refuses the same delivery with one character changed, or the repeated fields swapped', async () => {
		const before = (await n8n.settledExecutions(WORKFLOWS.phaxioDisk)).length;
		const changed = awkwardDelivery(880102, samplePdf('tampered'));
		changed.fields.find((field) => field.name === 'note')!.value = 'ÄÖÜ ß è';
		expect((await send(changed)).status).toBe(401);
		const swapped = awkwardDelivery(880103, samplePdf('swapped'));
		const tags = swapped.fields.filter((field) => field.name === 'tag');
		[tags[0].value, tags[1].value] = [tags[1].value, tags[0].value];
		expect((await send(swapped)).status).toBe(401);
		expect(await n8n.settledExecutions(WORKFLOWS.phaxioDisk)).toHaveLength(before);
	});
});

describe(`Saved version-1 triggers in a real n8n ${N8N_MAJOR}.x`, () => {
	it('Phaxio: a signed fax runs once with the PDF intact; a forged one gets 401', async () => {
		const url = n8n.webhookUrl(SAVED_V1_WEBHOOKS.phaxio, 'phaxio');
		await n8n.waitForWebhook(url);
		const pdf = samplePdf('Saved version 1');
		const genuine = phaxioWebhook({ url, webhookToken: PHAXIO_TOKEN, event: 'fax.received', faxId: 880201, document: pdf });
		expect((await deliver(url, genuine)).status).toBe(200);
		const [execution] = await n8n.waitForExecutions(WORKFLOWS.phaxioSavedV1, 1);
		expect(execution.items('Phaxio Trigger')[0].json).toMatchObject({ faxId: '880201', document: { sha256: sha256(pdf) } });
		expect(readFileSync(savedFax('phaxio', '880201')).equals(pdf)).toBe(true);
		const forged = phaxioWebhook({ url, webhookToken: 'forger-token', event: 'fax.received', faxId: 880202 });
		expect((await deliver(url, forged)).status).toBe(401);
		expect(await n8n.settledExecutions(WORKFLOWS.phaxioSavedV1)).toHaveLength(1);
	});

	it('Sinch: a JSON (base64) fax runs once with the PDF intact', async () => {
		const url = n8n.webhookUrl(SAVED_V1_WEBHOOKS.sinch, 'sinch');
		await n8n.waitForWebhook(url);
		const pdf = samplePdf('Saved version 1, Sinch');
		const genuine = sinchWebhook({ event: 'fax.received', faxId: 'SV1E2E', document: pdf, username: SINCH_USER, password: SINCH_PASSWORD });
		expect((await deliver(url, genuine)).status).toBe(200);
		await n8n.waitForExecutions(WORKFLOWS.sinchSavedV1, 1);
		expect(readFileSync(savedFax('sinch', 'SV1E2E')).equals(pdf)).toBe(true);
	});
});

describe(`Fax.Plus Trigger in a real n8n ${N8N_MAJOR}.x`, () => {
	const url = () => n8n.webhookUrl('6c3f0d2b-8a4e-4f9c-8b7d-2e1f3a4b5c02', 'faxplus');

	it('registered one hook per activated trigger with the fake Fax.Plus API', async () => {
		await eventually(() =>
			expect(faxPlusApi.hooks.map((hook) => [hook.event, hook.target]).sort()).toEqual(
				[
					['fax_received', url()],
					['fax_received', n8n.webhookUrl('a0e2e0f1-0000-4000-8000-00000000f1a5', 'faxplus')],
				].sort(),
			),
		);
	});

	it('downloads the document of a delivered event and runs the workflow once, even when repeated', async () => {
		const pdf = samplePdf('Fax.Plus end to end');
		faxPlusApi.files.set('fxe2e1', pdf);
		const body = JSON.stringify(faxPlusWebhookBody({ url: url(), event: 'fax.received', faxId: 'fxe2e1' }));
		const send = async () => await sendToN8n(url(), { method: 'POST', body, headers: { 'content-type': 'application/json' } });
		expect((await send()).status).toBe(200);
		const [execution] = await n8n.waitForExecutions(WORKFLOWS.faxPlusDisk, 1);
		expect(execution.status).toBe('success');
		expect(readFileSync(savedFax('faxplus', 'fxe2e1')).equals(pdf)).toBe(true);

		expect(await (await send()).json()).toMatchObject({ started: false });
		expect(await n8n.settledExecutions(WORKFLOWS.faxPlusDisk)).toHaveLength(1);
	});

	it('refuses a caller outside the default Fax.Plus addresses, with no execution', async () => {
		const ipsUrl = n8n.webhookUrl('a0e2e0f1-0000-4000-8000-00000000f1a5', 'faxplus');
		const body = JSON.stringify(faxPlusWebhookBody({ url: ipsUrl, event: 'fax.received', faxId: 'fxe2e2' }));
		const response = await sendToN8n(ipsUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(403);
		expect(await n8n.settledExecutions(WORKFLOWS.faxPlusDefaultIps)).toHaveLength(0);
	});

	it('deletes its hooks when the workflow is deactivated', async () => {
		await n8n.deactivate(WORKFLOWS.faxPlusDisk);
		await eventually(() =>
			expect(faxPlusApi.hooks.map((hook) => hook.target)).toEqual([
				n8n.webhookUrl('a0e2e0f1-0000-4000-8000-00000000f1a5', 'faxplus'),
			]),
		);
	});
});

describe(`Sinch Fax Trigger in a real n8n ${N8N_MAJOR}.x`, () => {
	const url = () => n8n.webhookUrl('7d4a1e3c-9b5f-4a0d-9c8e-3f2a4b5c6d03', 'sinch');

	it('pointed the fax service at the trigger, with the basic-auth pair', async () => {
		await eventually(() => {
			const pointed = new URL(sinchApi.services.get('svc-e2e')!.incomingWebhookUrl);
			expect([pointed.username, pointed.password]).toEqual([SINCH_USER, SINCH_PASSWORD]);
			pointed.username = '';
			pointed.password = '';
			expect(pointed.toString()).toBe(url());
		});
	});

	it('decodes a JSON (base64) incoming fax and saves the PDF; wrong basic auth starts nothing', async () => {
		const pdf = samplePdf('Sinch end to end');
		const genuine = sinchWebhook({ event: 'fax.received', faxId: 'SE2E1', document: pdf, username: SINCH_USER, password: SINCH_PASSWORD });
		expect((await deliver(url(), genuine)).status).toBe(200);
		const [execution] = await n8n.waitForExecutions(WORKFLOWS.sinchDisk, 1);
		expect(execution.status).toBe('success');
		expect(readFileSync(savedFax('sinch', 'SE2E1')).equals(pdf)).toBe(true);

		const forged = sinchWebhook({ event: 'fax.received', faxId: 'SE2E2', username: SINCH_USER, password: 'guess' });
		expect((await deliver(url(), forged)).status).toBe(401);
		expect(await n8n.settledExecutions(WORKFLOWS.sinchDisk)).toHaveLength(1);
	});

	it('reads a multipart incoming fax as n8n parsed it (version 2), the PDF intact', async () => {
		const pdf = samplePdf('Sinch multipart, version 2');
		const genuine = sinchWebhook({ event: 'fax.received', faxId: 'SE2E3', document: pdf, username: SINCH_USER, password: SINCH_PASSWORD, encoding: 'multipart' });
		expect((await deliver(url(), genuine)).status).toBe(200);
		await eventually(() => expect(existsSync(savedFax('sinch', 'SE2E3'))).toBe(true));
		expect(readFileSync(savedFax('sinch', 'SE2E3')).equals(pdf)).toBe(true);
	});

	it('restores the service\'s previous webhook when the workflow is deactivated', async () => {
		await n8n.deactivate(WORKFLOWS.sinchDisk);
		await eventually(() =>
			expect(sinchApi.services.get('svc-e2e')).toMatchObject({
				incomingWebhookUrl: 'https://previous.example.com/fax',
				webhookContentType: 'multipart/form-data',
			}),
		);
	});
});

describe(`Fax Server Trigger in a real n8n ${N8N_MAJOR}.x`, () => {
	const url = () => n8n.webhookUrl('7c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e05', 'faxserver');
	const FINE = { x: 204, y: 196 };
	let tiffs: FixtureFolder;
	beforeAll(() => {
		ensureDebianPackages(FAX_IMAGE_TOOLS);
		tiffs = new FixtureFolder();
		mkdirSync(spoolDir, { recursive: true });
	}, 10 * 60_000);
	afterAll(() => tiffs?.remove());

	it('turns a signed G4 TIFF from the simulator into a PDF on disk that draws exactly as the TIFF', async () => {
		const tiff = tiffs.makeTiff([drawFaxPage(1728, 300, 11), drawFaxPage(1728, 300, 12)], { resolution: FINE, tiffcp: ['-c', 'g4'] });
		const request = faxServerWebhook({ secret: FAX_SERVER_SECRET, document: tiff, callId: 'e2e-call-1' });
		expect((await deliver(url(), request)).status).toBe(200);
		const [execution] = await n8n.waitForExecutions(WORKFLOWS.faxServerDisk, 1);
		expect(execution.status).toBe('success');
		const [item] = execution.items('Fax Server Trigger');
		expect(item.json).toMatchObject({ provider: 'faxserver', faxId: 'e2e-call-1', document: { mimeType: 'application/pdf', originalMimeType: 'image/tiff' } });
		const saved = readFileSync(path.join(outputDir, 'faxserver-fax-e2e-call-1.pdf'));
		const drawn = tiffs.pdfPages(saved, FINE.x, FINE.y);
		const decoded = tiffs.tiffPages(tiff);
		expect(drawn).toHaveLength(2);
		drawn.forEach((page, index) => expect(differingPixels(decoded[index], page)).toBe(0));
	});

	it('starts nothing for an expired timestamp, a wrong secret or a path outside its folder', async () => {
		const before = (await n8n.executions(WORKFLOWS.faxServerDisk)).length;
		const expired = faxServerWebhook({ secret: FAX_SERVER_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 });
		expect((await deliver(url(), expired)).status).toBe(401);
		const wrongSecret = faxServerWebhook({ secret: 'not-the-secret-0123456789' });
		expect((await deliver(url(), wrongSecret)).status).toBe(401);
		const outside = path.join(outputDir, 'outside.tiff');
		writeFileSync(outside, Buffer.from('II*\0'));
		const body = Buffer.from(JSON.stringify({ from_number: '+15551230001', to_number: '+15559870002', uniqueid: 'e2e-path', tiff_path: outside }));
		const timestamp = Math.floor(Date.now() / 1000);
		const signed = { 'content-type': 'application/json', 'x-fax-signature': `t=${timestamp},v1=${computeFaxServerSignature(FAX_SERVER_SECRET, timestamp, body)}` };
		expect((await sendToN8n(url(), { method: 'POST', body, headers: signed })).status).toBe(400);
		expect(await n8n.settledExecutions(WORKFLOWS.faxServerDisk)).toHaveLength(before);
	});
});

