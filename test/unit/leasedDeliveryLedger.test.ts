import type { IWebhookFunctions } from 'n8n-workflow';

import type { ClaimOutcome, DeliveryLedger } from '../../nodes/FaxCore/deliveryDedupe';
import type { LeasedClaimStore, LeaseTiming } from '../../nodes/FaxCore/leasedDeliveryLedger';

/**
 * A stand-in for Redis with the store's contract: each call atomic, keys that expire by
 * themselves (on the faked clock). The real store is tested against a real Redis in the queue
 * suite (test/queue).
 */
class SharedStore implements LeasedClaimStore {
	readonly keys = new Map<string, { value: string; expiresAt: number }>();
	failing = false;
	refuseRenewals = false;

	private get(key: string) {
		const entry = this.keys.get(key);
		if (entry && entry.expiresAt <= Date.now()) this.keys.delete(key);
		return this.keys.get(key)?.value;
	}

	private check() {
		if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
	}

	async claim(key: string, owner: string, leaseMs: number): Promise<ClaimOutcome> {
		this.check();
		const value = this.get(key);
		if (value === undefined) {
			this.keys.set(key, { value: `claimed:${owner}`, expiresAt: Date.now() + leaseMs });
			return 'new';
		}
		return value === 'answered' ? 'duplicate' : 'inProgress';
	}

	async renew(key: string, owner: string, leaseMs: number) {
		this.check();
		if (this.refuseRenewals || this.get(key) !== `claimed:${owner}`) return false;
		this.keys.get(key)!.expiresAt = Date.now() + leaseMs;
		return true;
	}

	async answered(key: string, keepMs: number) {
		this.check();
		this.keys.set(key, { value: 'answered', expiresAt: Date.now() + keepMs });
	}

	async release(key: string, owner: string) {
		this.check();
		if (this.get(key) === `claimed:${owner}`) this.keys.delete(key);
	}

	/** Keys that have not expired. */
	live() {
		return [...this.keys.keys()].filter((key) => this.get(key) !== undefined);
	}
}

const TIMING: LeaseTiming = { leaseMs: 30_000, answeredKeptMs: 4 * 24 * 3_600_000, maxHoldMs: 3_600_000 };
const warnings: string[] = [];
const logger = { warn: (message: string) => void warnings.push(message) };

/** One n8n process (webhook or main): the ledger module loaded anew, on the shared store. */
function n8nProcess(store: SharedStore, scope = 'wf-1:node-1'): DeliveryLedger {
	let ledger!: DeliveryLedger;
	jest.isolateModules(() => {
		const { leasedDeliveryLedger } = require('../../nodes/FaxCore/leasedDeliveryLedger') as typeof import('../../nodes/FaxCore/leasedDeliveryLedger');
		ledger = leasedDeliveryLedger(store, scope, logger, TIMING);
	});
	return ledger;
}

/** Lets the renewals that fired reach the store. */
async function advance(ms: number) {
	await jest.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
	jest.useFakeTimers();
	warnings.length = 0;
});
afterEach(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

describe('the delivery ledger shared by n8n processes (queue mode)', () => {
	it('gives a delivery that reaches two processes at once to exactly one of them', async () => {
		const store = new SharedStore();
		const [a, b] = [n8nProcess(store), n8nProcess(store)];
		const outcomes = await Promise.all([a.claim('phaxio:1'), b.claim('phaxio:1'), a.claim('phaxio:1'), b.claim('phaxio:1')]);
		expect(outcomes.filter((outcome) => outcome === 'new')).toHaveLength(1);
		expect(outcomes.filter((outcome) => outcome === 'inProgress')).toHaveLength(3);
	});

	it('holds a delivery for its owner while the run lasts, far beyond one lease, then calls retries duplicates', async () => {
		const store = new SharedStore();
		const [a, b] = [n8nProcess(store), n8nProcess(store)];
		expect(await a.claim('k')).toBe('new');
		await advance(10 * TIMING.leaseMs);
		expect(await b.claim('k')).toBe('inProgress');
		await a.answered('k');
		expect(await b.claim('k')).toBe('duplicate');
		expect(await a.claim('k')).toBe('duplicate');
	});

	it('lets the retry of a delivery whose process died run, once its lease ran out, and only once', async () => {
		const store = new SharedStore();
		expect(await n8nProcess(store).claim('k')).toBe('new');
		// That process is killed: nothing renews its claim any more.
		jest.clearAllTimers();
		const [b, c] = [n8nProcess(store), n8nProcess(store)];
		expect(await b.claim('k')).toBe('inProgress');
		await advance(TIMING.leaseMs);
		expect(await b.claim('k')).toBe('new');
		expect(await c.claim('k')).toBe('inProgress');
		await b.answered('k');
		expect(await c.claim('k')).toBe('duplicate');
	});

	it('forgets a released delivery at once, so that the provider\'s retry runs on any process', async () => {
		const store = new SharedStore();
		const [a, b] = [n8nProcess(store), n8nProcess(store)];
		await a.claim('k');
		await a.release('k');
		expect(await b.claim('k')).toBe('new');
		// A process that does not own the claim cannot release it, nor an answer.
		await a.release('k');
		expect(await a.claim('k')).toBe('inProgress');
		await b.answered('k');
		await b.release('k');
		expect(await a.claim('k')).toBe('duplicate');
	});

	it('forgets answered deliveries after the retry window, so the store does not grow', async () => {
		const store = new SharedStore();
		const ledger = n8nProcess(store);
		for (const key of ['a', 'b', 'c']) {
			await ledger.claim(key);
			await ledger.answered(key);
		}
		expect(store.live()).toHaveLength(3);
		await advance(TIMING.answeredKeptMs);
		expect(store.live()).toHaveLength(0);
		expect(await ledger.claim('a')).toBe('new');
	});

	it('fails the claim when the store cannot be reached, holding nothing, so the request is answered 5xx', async () => {
		const store = new SharedStore();
		const ledger = n8nProcess(store);
		store.failing = true;
		await expect(ledger.claim('k')).rejects.toThrow('ECONNREFUSED');
		store.failing = false;
		expect(await ledger.claim('k')).toBe('new');
	});

	it('keeps a claim through a short store outage, and says so when its lease was lost', async () => {
		const store = new SharedStore();
		const [a, b] = [n8nProcess(store), n8nProcess(store)];
		await a.claim('k');
		store.failing = true;
		await advance(TIMING.leaseMs / 3);
		store.failing = false;
		expect(warnings.join('\n')).toContain('could not renew');
		expect(await b.claim('k')).toBe('inProgress');

		await a.claim('lost');
		store.refuseRenewals = true;
		await advance(TIMING.leaseMs / 3);
		expect(warnings.join('\n')).toContain('lost its claim');
	});

	it('stops holding a delivery that was never answered within the longest hold', async () => {
		const store = new SharedStore();
		const [a, b] = [n8nProcess(store), n8nProcess(store)];
		await a.claim('k');
		await advance(TIMING.maxHoldMs + TIMING.leaseMs);
		expect(warnings.join('\n')).toContain('stopped holding');
		expect(await b.claim('k')).toBe('new');
	});

	it('keeps the deliveries of two trigger nodes apart', async () => {
		const store = new SharedStore();
		expect(await n8nProcess(store, 'wf-1:node-1').claim('phaxio:1')).toBe('new');
		expect(await n8nProcess(store, 'wf-2:node-1').claim('phaxio:1')).toBe('new');
	});
});

describe('which ledger a trigger uses', () => {
	const context = {
		getWorkflow: () => ({ id: 'wf-1' }),
		getNode: () => ({ id: 'node-1', name: 'Phaxio Trigger' }),
		logger: { warn: jest.fn(), error: jest.fn(), debug: jest.fn() },
	} as unknown as IWebhookFunctions;

	/** The ledger module loaded in an n8n whose configuration says `mode`, with a recording Redis. */
	function ledgerInN8n(mode: string | undefined, ioredis: 'present' | 'missing') {
		const connections: Array<Record<string, unknown>> = [];
		const scripts: unknown[][] = [];
		let ledger!: DeliveryLedger;
		jest.isolateModules(() => {
			const config = {
				...(mode === undefined ? {} : { executions: { mode } }),
				queue: { bull: { prefix: 'bull', redis: { host: '10.0.0.5', port: 6380, db: 2, username: '', password: 'pw', tls: false } } },
			};
			jest.doMock('@n8n/config', () => ({ GlobalConfig: class GlobalConfig {} }), { virtual: true });
			jest.doMock('@n8n/di', () => ({ Container: { get: () => config } }), { virtual: true });
			jest.doMock('n8n-core', () => ({ DataDeduplicationService: { getInstance: () => undefined } }), { virtual: true });
			jest.doMock(
				'ioredis',
				() => {
					if (ioredis === 'missing') throw new Error("Cannot find module 'ioredis'");
					return class Redis {
						constructor(options: Record<string, unknown>) {
							connections.push(options);
						}
						on() {}
						async eval(...args: unknown[]) {
							scripts.push(args);
							return 'new';
						}
					};
				},
				{ virtual: true },
			);
			const { deliveryLedgerFor } = require('../../nodes/FaxCore/deliveryDedupe') as typeof import('../../nodes/FaxCore/deliveryDedupe');
			ledger = deliveryLedgerFor(context);
		});
		return { ledger, connections, scripts };
	}

	it('claims in the queue\'s Redis in queue mode, with the settings n8n reads, one connection per process', async () => {
		const { ledger, connections, scripts } = ledgerInN8n('queue', 'present');
		expect(await ledger.claim('phaxio:1')).toBe('new');
		await ledger.answered('phaxio:1');
		expect(connections).toEqual([expect.objectContaining({ host: '10.0.0.5', port: 6380, db: 2, password: 'pw' })]);
		expect(scripts).toHaveLength(2);
		expect(String(scripts[0][2])).toMatch(/^bull:n8n-nodes-fax:delivery:[0-9a-f]{64}$/);
	});

	it('keeps n8n\'s deduplication store in regular mode', async () => {
		const { ledger, connections } = ledgerInN8n('regular', 'present');
		expect(await ledger.claim('phaxio:1')).toBe('new');
		expect(connections).toHaveLength(0);
	});

	it('reads EXECUTIONS_MODE itself where n8n\'s configuration does not carry the mode (n8n 1.x)', async () => {
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const { ledger, connections } = ledgerInN8n(undefined, 'present');
			expect(await ledger.claim('phaxio:1')).toBe('new');
			expect(connections).toHaveLength(1);
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
		expect(ledgerInN8n(undefined, 'present').connections).toHaveLength(0);
	});

	it('refuses to run unchecked in queue mode when Redis cannot be loaded', () => {
		expect(() => ledgerInN8n('queue', 'missing')).toThrow(/queue mode.*ioredis/);
	});
});
