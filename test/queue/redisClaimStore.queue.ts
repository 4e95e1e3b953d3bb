import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import path from 'path';

import type { LeasedClaimStore } from '../../nodes/FaxCore/leasedDeliveryLedger';
import type { QueueRedis } from '../../nodes/FaxCore/n8nQueueRedis';
import { freePort, n8n } from '../e2e/support/n8nHarness';
import { redisCommand, startRedis, type RunningService } from './support/services';

/** The modules n8n hands the package (its own @n8n/di, @n8n/config and ioredis), from the installed n8n. */
const n8nRequire = createRequire(path.join(__dirname, '../e2e/runtime/n8n-2/node_modules/n8n/package.json'));

const nodeEnvironment = (n8nRequire('process') as NodeJS.Process).env;
let folder: string;
let redis: RunningService;

/**
 * One n8n process as the ledger sees it: the settings n8n reads from this environment, n8n's
 * own modules, the ledger modules loaded anew (one Redis connection per process).
 */
function n8nProcess(env: Record<string, string>): { queue: QueueRedis; store: LeasedClaimStore } {
	// n8n's modules read Node's own environment, not the copy jest gives the test.
	Object.assign(nodeEnvironment, env);
	n8nRequire('reflect-metadata');
	// A fresh process reads its settings anew.
	(n8nRequire('@n8n/di') as { Container: { reset(): void } }).Container.reset();
	const modules = Object.fromEntries(['@n8n/di', '@n8n/config', 'ioredis'].map((name) => [name, n8nRequire(name) as object]));
	let result!: { queue: QueueRedis; store: LeasedClaimStore };
	jest.isolateModules(() => {
		for (const [name, loaded] of Object.entries(modules)) jest.doMock(name, () => loaded, { virtual: true });
		const { n8nQueueRedis } = require('../../nodes/FaxCore/n8nQueueRedis') as typeof import('../../nodes/FaxCore/n8nQueueRedis');
		const { redisClaimStore } = require('../../nodes/FaxCore/redisClaimStore') as typeof import('../../nodes/FaxCore/redisClaimStore');
		const queue = n8nQueueRedis();
		if (!queue) throw new Error('n8nQueueRedis() found no queue mode');
		result = { queue, store: redisClaimStore(queue.redis, queue.prefix) };
	});
	return result;
}

const clients: Array<{ disconnect?: () => void }> = [];
/** The claim store of a new n8n process whose queue Redis is on `port`. */
function storeOfProcess(port: number) {
	const started = n8nProcess({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port), QUEUE_BULL_PREFIX: 'faxq' });
	clients.push(started.queue.redis as { disconnect?: () => void });
	return started.store;
}

beforeAll(async () => {
	n8n.ensureN8n(2);
	folder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-redis-'));
	redis = await startRedis(folder, await freePort());
}, 10 * 60_000);

afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await redis?.stop();
	rmSync(folder, { recursive: true, force: true });
	for (const name of ['EXECUTIONS_MODE', 'QUEUE_BULL_REDIS_HOST', 'QUEUE_BULL_REDIS_PORT', 'QUEUE_BULL_PREFIX']) delete nodeEnvironment[name];
});

describe('the delivery claims in a real Redis, reached as n8n configures it', () => {
	it('gives a key to exactly one of many owners asking at once, across connections', async () => {
		const [a, b] = [storeOfProcess(redis.port), storeOfProcess(redis.port)];
		for (let round = 0; round < 50; round++) {
			const key = `race-${round}`;
			const outcomes = await Promise.all([a, b, a, b].map(async (store, owner) => await store.claim(key, `owner-${owner}`, 30_000)));
			expect(outcomes.filter((outcome) => outcome === 'new')).toHaveLength(1);
			expect(outcomes.filter((outcome) => outcome === 'inProgress')).toHaveLength(3);
		}
	});

	it('keeps keys under n8n\'s queue prefix, each with an expiry: the lease, then the retry window', async () => {
		const store = storeOfProcess(redis.port);
		await store.claim('ttl', 'owner', 30_000);
		const [claimKey] = keysHolding('faxq:n8n-nodes-fax:delivery:*', 'claimed:owner');
		expect(claimKey).toBeDefined();
		expect(Number((await redisCommand(redis.port, `PTTL ${claimKey}`)).slice(1))).toBeLessThanOrEqual(30_000);
		expect(await store.renew('ttl', 'someone-else', 60_000)).toBe(false);
		expect(await store.renew('ttl', 'owner', 60_000)).toBe(true);
		expect(Number((await redisCommand(redis.port, `PTTL ${claimKey}`)).slice(1))).toBeGreaterThan(30_000);
		await store.answered('ttl', 4 * 24 * 3_600_000);
		expect(Number((await redisCommand(redis.port, `PTTL ${claimKey}`)).slice(1))).toBeGreaterThan(3 * 24 * 3_600_000);
		expect(await store.claim('ttl', 'late', 30_000)).toBe('duplicate');
	});

	it('lets only the owner release its claim, and never an answer', async () => {
		const store = storeOfProcess(redis.port);
		await store.claim('release', 'owner', 30_000);
		await store.release('release', 'intruder');
		expect(await store.claim('release', 'other', 30_000)).toBe('inProgress');
		await store.release('release', 'owner');
		expect(await store.claim('release', 'other', 30_000)).toBe('new');
		await store.answered('release', 60_000);
		await store.release('release', 'other');
		expect(await store.claim('release', 'third', 30_000)).toBe('duplicate');
	});

	it('frees a claim whose owner stopped renewing once the lease ran out', async () => {
		const store = storeOfProcess(redis.port);
		await store.claim('lease', 'dead-owner', 300);
		expect(await store.claim('lease', 'retry', 30_000)).toBe('inProgress');
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(await store.claim('lease', 'retry', 30_000)).toBe('new');
	});

	it('fails a claim within seconds when Redis is unreachable, instead of waiting for it', async () => {
		const store = storeOfProcess(await freePort());
		const startedAt = Date.now();
		await expect(store.claim('unreachable', 'owner', 30_000)).rejects.toThrow();
		expect(Date.now() - startedAt).toBeLessThan(6_000);
	});
});

/** Keys matching `pattern` whose value is `value` (a handful here, so KEYS is fine). */
function keysHolding(pattern: string, value: string): string[] {
	const keys = execFileSync('redis-cli', ['-p', String(redis.port), '--raw', 'KEYS', pattern]).toString().trim().split('\n');
	return keys.filter((key) => execFileSync('redis-cli', ['-p', String(redis.port), '--raw', 'GET', key]).toString().trim() === value);
}
