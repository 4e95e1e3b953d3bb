import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import {
	createOwnerApiKey,
	freePort,
	n8n,
	publicApi,
	type ImportedCredential,
	type ImportedWorkflow,
	type N8nProcessOptions,
} from '../../e2e/support/n8nHarness';
import { RoundRobinBalancer } from './roundRobinBalancer';
import { psql, startPostgres, startRedis, type RunningService } from './services';

type N8nProcess = Awaited<ReturnType<typeof n8n.startN8n>>;
type Role = 'start' | 'webhook' | 'worker';

interface Member {
	role: Role;
	options: N8nProcessOptions;
	process?: N8nProcess;
}

/**
 * n8n in queue mode on this machine: PostgreSQL, Redis, one main (`n8n start`), webhook
 * processes (`n8n webhook`) behind a round-robin balancer, one worker (`n8n worker`); binary
 * data in the database; this package installed as a community package in every process's user
 * folder, as on separate hosts. Loopback only; `dispose()` stops all of it and removes its folder.
 */
export class QueueCluster {
	private apiKey = '';
	private readonly started: RunningService[] = [];

	private constructor(
		readonly folder: string,
		readonly balancer: RoundRobinBalancer,
		private readonly main: Member,
		readonly webhooks: Member[],
		private readonly worker: Member,
		readonly postgresPort: number,
	) {}

	static async launch(setup: {
		webhookProcesses: number;
		credentials: ImportedCredential[];
		workflows: ImportedWorkflow[];
		log?: (message: string) => void;
	}): Promise<QueueCluster> {
		const log = setup.log ?? (() => undefined);
		n8n.ensureN8n(2);
		const folder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-queue-'));
		// PostgreSQL runs as its own user, which must reach its data folder inside.
		chmodSync(folder, 0o711);
		const webhookPorts = await Promise.all(Array.from({ length: setup.webhookProcesses }, freePort));
		const balancer = new RoundRobinBalancer(webhookPorts.map((port) => `http://127.0.0.1:${port}`));
		await balancer.start();
		const services: RunningService[] = [];
		const stopServices = async () => {
			await balancer.stop();
			for (const service of services.splice(0).reverse()) await service.stop().catch(() => undefined);
			rmSync(folder, { recursive: true, force: true });
		};
		let postgres: RunningService;
		let redis: RunningService;
		try {
			postgres = await startPostgres(path.join(folder, 'postgres'), await freePort());
			services.push(postgres);
			redis = await startRedis(path.join(folder, 'redis'), await freePort());
			services.push(redis);
		} catch (error) {
			await stopServices();
			throw error;
		}
		log(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}, balancer on ${balancer.port}`);

		const shared: Record<string, string> = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			// Providers are given the balancer's address (N8N_WEBHOOK_URL on 2.41, which also still
			// reads the deprecated WEBHOOK_URL); the main process serves no production webhook.
			N8N_WEBHOOK_URL: `${balancer.baseUrl}/`,
			WEBHOOK_URL: `${balancer.baseUrl}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		};
		const member = async (role: Role, name: string, port?: number): Promise<Member> => ({
			role,
			options: {
				userFolder: path.join(folder, name),
				port: port ?? (await freePort()),
				brokerPort: await freePort(),
				major: 2,
				env: { ...shared, QUEUE_HEALTH_CHECK_PORT: String(await freePort()) },
			},
		});
		const main = await member('start', 'main');
		const webhooks = await Promise.all(webhookPorts.map(async (port, index) => await member('webhook', `webhook-${index + 1}`, port)));
		const worker = await member('worker', 'worker');
		const cluster = new QueueCluster(folder, balancer, main, webhooks, worker, postgres.port);
		cluster.started.push(...services.reverse());

		try {
			// Every host installs the package; one build, copied.
			n8n.installPackage(main.options.userFolder);
			for (const other of [...webhooks, worker]) {
				cpSync(path.join(main.options.userFolder, '.n8n/nodes'), path.join(other.options.userFolder, '.n8n/nodes'), { recursive: true });
			}
			cluster.importInto(setup.credentials, setup.workflows);
			log('starting the main process…');
			await cluster.startMember(main);
			cluster.apiKey = (await createOwnerApiKey(cluster.mainUrl)).apiKey;
			for (const webhook of webhooks) {
				log(`starting webhook process on ${webhook.options.port}…`);
				await cluster.startMember(webhook);
			}
			log('starting the worker…');
			await cluster.startMember(worker);
		} catch (error) {
			await cluster.dispose();
			throw error;
		}
		return cluster;
	}

	get mainUrl() {
		return `http://127.0.0.1:${this.main.options.port}`;
	}

	/** The URL a provider is given (the balancer's). */
	webhookUrl(webhookId: string, webhookPath: string) {
		return `${this.balancer.baseUrl}/webhook/${webhookId}/${webhookPath}`;
	}

	/** The same webhook on one webhook process, bypassing the balancer. */
	webhookUrlOn(processIndex: number, webhookId: string, webhookPath: string) {
		return `http://127.0.0.1:${this.webhooks[processIndex].options.port}/webhook/${webhookId}/${webhookPath}`;
	}

	webhookProcessUrls() {
		return this.webhooks.map((webhook) => `http://127.0.0.1:${webhook.options.port}`);
	}

	async activate(workflowId: string) {
		await publicApi(this.mainUrl, this.apiKey, 'POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string) {
		await publicApi(this.mainUrl, this.apiKey, 'POST', `/workflows/${workflowId}/deactivate`);
	}

	async stopWebhookProcess(index: number) {
		await this.webhooks[index].process?.stop();
		this.webhooks[index].process = undefined;
	}

	/** Kills a webhook process the way a crash or an OOM kill does: no shutdown, no answers. */
	async killWebhookProcess(index: number) {
		const member = this.webhooks[index];
		if (member.process) process.kill(-member.process.pid, 'SIGKILL');
		await this.stopWebhookProcess(index);
	}

	async startWebhookProcess(index: number) {
		await this.startMember(this.webhooks[index]);
	}

	/** Executions n8n recorded for the workflow (every run started, whatever its end), by status. */
	executionsByStatus(workflowId: string): Record<string, number> {
		const rows = psql(this.postgresPort, `SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`);
		return Object.fromEntries(
			rows
				.split('\n')
				.filter(Boolean)
				.map((row) => {
					const [status, count] = row.split('\t');
					return [status, Number(count)];
				}),
		);
	}

	executionCount(workflowId: string): number {
		return Object.values(this.executionsByStatus(workflowId)).reduce((sum, count) => sum + count, 0);
	}

	/** The last lines each process logged, for a failure's message. */
	logs(lines = 30): string {
		return [this.main, ...this.webhooks, this.worker]
			.map((member) => `--- ${path.basename(member.options.userFolder)}\n${(member.process?.output() ?? '').split('\n').slice(-lines).join('\n')}`)
			.join('\n');
	}

	async dispose() {
		for (const member of [...this.webhooks, this.worker, this.main]) {
			await member.process?.stop().catch(() => undefined);
			member.process = undefined;
		}
		await this.balancer.stop();
		for (const service of this.started.splice(0)) await service.stop().catch(() => undefined);
		rmSync(this.folder, { recursive: true, force: true });
	}

	private async startMember(member: Member) {
		member.process = await n8n.startN8n({ ...member.options, command: member.role });
	}

	private importInto(credentials: ImportedCredential[], workflows: ImportedWorkflow[]) {
		const credentialsFile = path.join(this.folder, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(credentials));
		n8n.n8nCli(this.main.options, ['import:credentials', `--input=${credentialsFile}`]);
		const workflowsFile = path.join(this.folder, 'workflows.json');
		writeFileSync(
			workflowsFile,
			JSON.stringify(
				workflows.map((workflow) => ({
					active: false,
					connections: {},
					settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
					...workflow,
				})),
			),
		);
		n8n.n8nCli(this.main.options, ['import:workflow', `--input=${workflowsFile}`]);
	}
}
