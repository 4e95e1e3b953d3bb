import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const n8n = require('../n8n.js') as {
	installPackage(userFolder: string): void;
	n8nCli(options: N8nProcessOptions, args: string[]): string;
	startN8n(
		options: N8nProcessOptions & { command?: 'start' | 'webhook' | 'worker' },
	): Promise<{ baseUrl: string; pid: number; output(): string; stop(): Promise<void>; kill(): Promise<void> }>;
	ensureN8n(major?: number): string;
};

export interface N8nProcessOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	major?: number;
	env?: Record<string, string>;
	/** Everything n8n prints is appended there, across restarts. */
	logFile?: string;
}

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	nodes: unknown[];
	connections?: Record<string, unknown>;
}

export interface ExecutionItem {
	json: Record<string, unknown>;
	binary?: Record<string, { id?: string; data?: string; mimeType: string; fileName?: string; fileSize?: string }>;
}

export interface Execution {
	id: string;
	status: string;
	workflowId: string;
	items(nodeName: string): ExecutionItem[];
}

export const N8N_MAJOR = Number(process.env.N8N_E2E_MAJOR ?? 2);

/**
 * A request to n8n on a connection of its own. fetch keeps idle connections for 4 s and n8n's
 * server closes them after 5 s; when the test blocks its event loop in between (building TIFFs
 * with the command-line tools on a loaded machine), fetch may send on a connection n8n is closing
 * and get "other side closed" with no answer. Providers do not hold connections open either.
 */
export async function sendToN8n(url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
	return await fetch(url, { ...init, headers: { ...init.headers, connection: 'close' } });
}

const OWNER = {
	email: 'owner@n8n-nodes-fax.test',
	firstName: 'Fax',
	lastName: 'Tester',
	password: 'Fax-tester-password-1',
};

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Sets up the owner (allowed while none exists) and creates a public-API key; the owner's session cookie comes too. */
export async function createOwnerApiKey(baseUrl: string): Promise<{ apiKey: string; ownerCookie: string }> {
	const setup = await sendToN8n(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) throw new Error(`Owner set-up failed: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	const created = await sendToN8n(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({
			label: 'e2e',
			expiresAt: null,
			scopes: [
				'workflow:read',
				'workflow:list',
				'workflow:activate',
				'workflow:deactivate',
				'execution:read',
				'execution:list',
			],
		}),
	});
	if (!created.ok) throw new Error(`API key creation failed: ${created.status} ${await created.text()}`);
	const body = (await created.json()) as { data: { rawApiKey?: string; apiKey?: string } };
	return { apiKey: body.data.rawApiKey ?? body.data.apiKey ?? '', ownerCookie: cookie };
}

/** A call to n8n's public API (`/api/v1`). */
export async function publicApi<T>(baseUrl: string, apiKey: string, method: string, apiPath: string, body?: unknown): Promise<T> {
	const response = await sendToN8n(`${baseUrl}/api/v1${apiPath}`, {
		method,
		headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
	return JSON.parse(text) as T;
}

/**
 * A real n8n with this package installed, credentials and workflows imported through n8n's CLI,
 * and an API key for the public API (activation, executions).
 */
export class N8nInstance {
	private process?: Awaited<ReturnType<typeof n8n.startN8n>>;
	private apiKey = '';
	private ownerCookie = '';

	private constructor(
		readonly userFolder: string,
		private readonly options: N8nProcessOptions,
	) {}

	get baseUrl() {
		return `http://127.0.0.1:${this.options.port}`;
	}

	static async launch(setup: {
		credentials: ImportedCredential[];
		workflows: ImportedWorkflow[];
		env?: Record<string, string>;
		logFile?: string;
	}): Promise<N8nInstance> {
		n8n.ensureN8n(N8N_MAJOR);
		const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-e2e-'));
		const options: N8nProcessOptions = {
			userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			major: N8N_MAJOR,
			env: setup.env,
			logFile: setup.logFile,
		};
		n8n.installPackage(userFolder);
		const credentialsFile = path.join(userFolder, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(setup.credentials));
		n8n.n8nCli(options, ['import:credentials', `--input=${credentialsFile}`]);
		const workflowsFile = path.join(userFolder, 'workflows.json');
		writeFileSync(
			workflowsFile,
			JSON.stringify(
				setup.workflows.map((workflow) => ({
					active: false,
					connections: {},
					settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
					...workflow,
				})),
			),
		);
		n8n.n8nCli(options, ['import:workflow', `--input=${workflowsFile}`]);
		const instance = new N8nInstance(userFolder, options);
		try {
			await instance.start();
			await instance.createApiKey();
		} catch (error) {
			await instance.dispose();
			throw error;
		}
		return instance;
	}

	async start() {
		this.process = await n8n.startN8n(this.options);
	}

	async stop() {
		await this.process?.stop();
		this.process = undefined;
	}

	/** Kills n8n and its task runner with SIGKILL, as a crash or the OOM killer would. */
	async crash() {
		await this.process?.kill();
		this.process = undefined;
	}

	get pid(): number | undefined {
		return this.process?.pid;
	}

	async restart() {
		await this.stop();
		await this.start();
	}

	async dispose() {
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	output() {
		return this.process?.output() ?? '';
	}

	webhookUrl(webhookId: string, webhookPath: string) {
		return `${this.baseUrl}/webhook/${webhookId}/${webhookPath}`;
	}

	private async createApiKey() {
		({ apiKey: this.apiKey, ownerCookie: this.ownerCookie } = await createOwnerApiKey(this.baseUrl));
	}

	/** n8n's own REST API (what the editor calls), as the owner. */
	async rest<T>(method: string, restPath: string, body?: unknown): Promise<T> {
		const response = await sendToN8n(`${this.baseUrl}/rest${restPath}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.ownerCookie, 'browser-id': 'n8n-nodes-fax-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${restPath}: ${response.status} ${text}`);
		return JSON.parse(text) as T;
	}

	async api<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		return await publicApi<T>(this.baseUrl, this.apiKey, method, apiPath, body);
	}

	async activate(workflowId: string) {
		await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string) {
		await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	/**
	 * Waits until n8n routes the webhook (activation can land just after start-up). The probe is
	 * a bodiless POST, which a fax trigger refuses without starting a run.
	 */
	async waitForWebhook(url: string) {
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			const response = await sendToN8n(url, { method: 'POST' }).catch(() => undefined);
			if (response && response.status !== 404) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`Webhook ${url} was not registered within 30 s`);
	}

	async executions(workflowId: string): Promise<Execution[]> {
		const page = await this.api<{ data: Array<Record<string, unknown>> }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=100`,
		);
		return page.data.map((raw) => ({
			id: String(raw.id),
			status: String(raw.status),
			workflowId: String(raw.workflowId),
			items: (nodeName: string) => {
				const data = raw.data as {
					resultData: { runData: Record<string, Array<{ data: { main: ExecutionItem[][] } }>> };
				};
				return data.resultData.runData[nodeName]?.[0]?.data.main[0] ?? [];
			},
		}));
	}

	/** The executions once none has been added for a moment: for checking that nothing ran. */
	async settledExecutions(workflowId: string, quietMs = 1500): Promise<Execution[]> {
		await new Promise((resolve) => setTimeout(resolve, quietMs));
		return await this.executions(workflowId);
	}

	/** Waits until the workflow has `count` finished executions (and no more appear for a moment). */
	async waitForExecutions(workflowId: string, count: number, settleMs = 1000): Promise<Execution[]> {
		const deadline = Date.now() + 30_000;
		let executions: Execution[] = [];
		while (Date.now() < deadline) {
			executions = (await this.executions(workflowId)).filter((execution) =>
				['success', 'error', 'crashed'].includes(execution.status),
			);
			if (executions.length >= count) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await new Promise((resolve) => setTimeout(resolve, settleMs));
		return await this.executions(workflowId);
	}

	/** The bytes of a binary property, wherever this n8n keeps them (in the item or on disk). */
	binaryBytes(item: ExecutionItem, property = 'data'): Buffer {
		const binary = item.binary?.[property];
		if (!binary) throw new Error(`Item has no binary property "${property}"`);
		if (binary.id) {
			const [mode, location] = binary.id.split(/:(.*)/s);
			if (!mode.startsWith('filesystem')) throw new Error(`Unexpected binary data mode ${mode}`);
			return readFileSync(path.join(this.userFolder, '.n8n/storage', location));
		}
		return Buffer.from(binary.data ?? '', 'base64');
	}
}

/** Retries an assertion until it passes: n8n 2.x (de)activates webhooks just after answering. */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await assertion();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}
