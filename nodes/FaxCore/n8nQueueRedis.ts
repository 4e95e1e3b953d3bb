import type { RedisScripting } from './redisClaimStore';

/** The part of n8n's configuration (`@n8n/config`) that says where its queue's Redis is. */
interface N8nQueueConfig {
	/** Absent in n8n versions that kept the mode in their legacy settings (1.x). */
	executions?: { mode?: string };
	queue: {
		bull: {
			prefix: string;
			redis: {
				host: string;
				port: number;
				db: number;
				username: string;
				password: string;
				tls: boolean;
				tlsConfig?: { serverName?: string; rejectUnauthorized?: boolean };
				dualStack?: boolean;
				clusterNodes?: string;
			};
		};
	};
}

interface RedisClient extends RedisScripting {
	on(event: 'error', listener: (error: Error) => void): unknown;
}

type RedisOptions = Record<string, unknown>;

interface IoRedis {
	new (options: RedisOptions): RedisClient;
	Cluster: new (nodes: Array<{ host: string; port: number }>, options: { redisOptions: RedisOptions }) => RedisClient;
}

export interface QueueRedis {
	redis: RedisScripting;
	/** n8n's queue prefix (`QUEUE_BULL_PREFIX`), so that two n8n sharing one Redis stay apart. */
	prefix: string;
}

/** A claim that cannot reach Redis within this time fails, and the delivery is answered 500. */
const COMMAND_TIMEOUT_MS = 5_000;

let connected: QueueRedis | null | undefined;

/**
 * The Redis of n8n's queue mode, reached with the settings n8n itself reads
 * (`QUEUE_BULL_REDIS_*`), through one connection per process. Undefined when n8n does not run in
 * queue mode (`EXECUTIONS_MODE`), or outside n8n.
 */
export function n8nQueueRedis(): QueueRedis | undefined {
	if (connected === undefined) connected = connect(n8nConfig());
	return connected ?? undefined;
}

let queueMode: boolean | undefined;

/** Whether the n8n that loaded this package runs its executions in queue mode (`EXECUTIONS_MODE`). */
export function n8nRunsInQueueMode(): boolean {
	queueMode ??= isQueueMode(n8nConfig());
	return queueMode;
}

function isQueueMode(config: N8nQueueConfig | undefined): config is N8nQueueConfig {
	return !!config && (config.executions?.mode ?? process.env.EXECUTIONS_MODE) === 'queue';
}

function connect(config: N8nQueueConfig | undefined): QueueRedis | null {
	if (!isQueueMode(config)) return null;
	const IoRedis = n8nModule<IoRedis>('ioredis');
	if (!IoRedis) {
		throw new Error(
			'n8n runs in queue mode but its Redis client (ioredis) cannot be loaded, so duplicate fax deliveries cannot be told apart across processes. Install this package into the n8n that runs it.',
		);
	}
	const settings = config.queue.bull.redis;
	const options: RedisOptions = {
		db: settings.db,
		username: settings.username || undefined,
		password: settings.password || undefined,
		connectionName: 'n8n-nodes-fax-delivery-ledger',
		commandTimeout: COMMAND_TIMEOUT_MS,
		// Fail a claim rather than wait for Redis to come back: the provider retries a 500.
		maxRetriesPerRequest: 1,
		...(settings.dualStack ? { family: 0 } : {}),
		...(settings.tls
			? { tls: { servername: settings.tlsConfig?.serverName || undefined, rejectUnauthorized: settings.tlsConfig?.rejectUnauthorized } }
			: {}),
	};
	const clusterNodes = (settings.clusterNodes ?? '')
		.split(',')
		.filter((pair) => pair.trim() !== '')
		.map((pair) => {
			const [host, port] = pair.trim().split(':');
			return { host, port: Number(port) };
		});
	const client =
		clusterNodes.length > 0
			? new IoRedis.Cluster(clusterNodes, { redisOptions: options })
			: new IoRedis({ ...options, host: settings.host, port: settings.port });
	// Failures reach the claim that needs Redis (a 500 and a log line); the events are noise.
	client.on('error', () => undefined);
	const prefix = config.queue.bull.prefix;
	return { redis: client, prefix: clusterNodes.length > 0 ? `{${prefix.replace(/^\{|\}$/g, '')}}` : prefix };
}

/** n8n's settings, as n8n read them from its environment. */
function n8nConfig(): N8nQueueConfig | undefined {
	const di = n8nModule<{ Container: { get<T>(type: unknown): T } }>('@n8n/di');
	const config = n8nModule<{ GlobalConfig: unknown }>('@n8n/config');
	if (!di || !config) return undefined;
	return di.Container.get<N8nQueueConfig>(config.GlobalConfig);
}

/** A module of the n8n that loaded this package (n8n puts its modules on community packages' path). */
function n8nModule<T>(name: string): T | undefined {
	try {
		return require(name) as T;
	} catch {
		return undefined;
	}
}
