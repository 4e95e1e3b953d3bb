import { createHash } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

import { leasedDeliveryLedger } from './leasedDeliveryLedger';
import { n8nQueueRedis } from './n8nQueueRedis';
import { redisClaimStore } from './redisClaimStore';

/**
 * Remembers which provider events already have a run, so that a retried delivery is
 * acknowledged without starting another, and a delivery whose run n8n lost is started again.
 *
 * A delivery passes through three states: claimed (this request is handling it), answered (n8n
 * told the provider its run started or finished: later deliveries are duplicates), or released
 * (no run: the provider's retry starts one). A claim is recorded before the run and the answer
 * only after n8n has answered, so when n8n dies between the two, the claim is found without its
 * answer and the provider's retry starts the run again instead of being taken for a duplicate.
 */
export type ClaimOutcome = 'new' | 'duplicate' | 'inProgress';

export interface DeliveryLedger {
	/**
	 * `new`: this request owns the delivery; `duplicate`: a run was answered for it before;
	 * `inProgress`: another request is handling it now (of this process, or in queue mode of any).
	 */
	claim(key: string): Promise<ClaimOutcome>;
	/** n8n answered the provider with a 2xx for the delivery's run: later deliveries are duplicates. */
	answered(key: string): Promise<void>;
	/** The delivery got no run, or its run failed: forget it so that the provider's retry starts one. */
	release(key: string): Promise<void>;
}

/**
 * The durable part: a set of entries per node. n8n's data-deduplication store (the database
 * table behind the Remove Duplicates node) survives restarts and is shared by every main and
 * webhook process. It offers "record and say whether it was there" and "remove", nothing else.
 */
interface ClaimStore {
	/** Records the entries; true for each one that was recorded before. */
	record(key: string, entries: string[]): Promise<boolean[]>;
	remove(key: string, entries: string[]): Promise<void>;
}

/** Provider retries span about three days; a busy fax line sees far fewer events than this. */
const REMEMBERED_DELIVERIES = 32_000;
/**
 * n8n's store keeps one row per node and rewrites it whole on every check, one check at a time.
 * Spreading the keys over a few rows keeps each row small and lets deliveries be checked in
 * parallel. Both entries of a delivery live in its row.
 */
const LEDGER_SHARDS = 16;

const answeredEntry = (key: string) => `${key}#answered`;

/** Requests of this process handling a delivery now, by node and key. */
const inProgress = new Set<string>();

export function deliveryLedgerFor(context: IWebhookFunctions): DeliveryLedger {
	const scope = `${String(context.getWorkflow().id ?? '')}:${context.getNode().id}`;
	// Queue mode: several webhook processes receive copies of one delivery at the same moment.
	// n8n's deduplication store cannot take a key atomically; the queue's Redis can.
	const queue = n8nQueueRedis();
	if (queue) return leasedDeliveryLedger(redisClaimStore(queue.redis, queue.prefix), scope, context.logger);
	const store = n8nClaimStore(context) ?? processLocalStore(scope);
	const handled = (key: string) => `${scope}\n${key}`;
	return {
		async claim(key) {
			if (inProgress.has(handled(key))) return 'inProgress';
			inProgress.add(handled(key));
			let outcome: ClaimOutcome | undefined;
			try {
				outcome = await claimInStore(store, key);
				return outcome;
			} finally {
				// A duplicate, or a store that failed: nothing of this process handles the delivery.
				if (outcome !== 'new') inProgress.delete(handled(key));
			}
		},
		// The store's change is queued before the delivery stops being "in progress", and the store
		// applies changes in the order they are queued: a retry that arrives right after n8n's
		// answer sees the change, never the state before it.
		async answered(key) {
			const recorded = store.record(key, [answeredEntry(key)]);
			inProgress.delete(handled(key));
			await recorded;
		},
		async release(key) {
			const removed = store.remove(key, [key, answeredEntry(key)]);
			inProgress.delete(handled(key));
			await removed;
		},
	};
}

async function claimInStore(store: ClaimStore, key: string): Promise<ClaimOutcome> {
	const [claimedBefore] = await store.record(key, [key]);
	if (!claimedBefore) return 'new';
	const [answeredBefore] = await store.record(key, [answeredEntry(key)]);
	if (answeredBefore) return 'duplicate';
	// Claimed, never answered: n8n died while handling it. This delivery starts the run.
	await store.remove(key, [answeredEntry(key)]);
	return 'new';
}

interface DeduplicationService {
	checkProcessedAndRecord(
		items: string[],
		scope: 'node',
		contextData: { node: { id: string }; workflow: { id: string } },
		options: { mode: 'entries'; maxEntries: number },
	): Promise<{ new: string[]; processed: string[] }>;
	removeProcessed(
		items: string[],
		scope: 'node',
		contextData: { node: { id: string }; workflow: { id: string } },
		options: { mode: 'entries'; maxEntries: number },
	): Promise<void>;
}

/**
 * n8n does not hand its deduplication store to webhook contexts; it is reached through the
 * `n8n-core` module of the n8n that loaded this package (n8n puts its own modules on the
 * resolution path of community packages). Undefined outside n8n or before n8n 1.70.
 */
function n8nClaimStore(context: IWebhookFunctions): ClaimStore | undefined {
	const service = findN8nDeduplicationService();
	if (!service) return undefined;
	const workflowId = String(context.getWorkflow().id ?? '');
	const nodeId = context.getNode().id;
	// Two entries per delivery.
	const options = { mode: 'entries' as const, maxEntries: (2 * REMEMBERED_DELIVERIES) / LEDGER_SHARDS };
	const shardOf = (key: string) => {
		const shard = createHash('sha256').update(key).digest()[0] % LEDGER_SHARDS;
		const contextData = { node: { id: `${nodeId}:fax-deliveries:${shard}` }, workflow: { id: workflowId } };
		return { contextData, serialized: serializerFor(`${workflowId}:${contextData.node.id}`) };
	};
	return {
		async record(key, entries) {
			const { contextData, serialized } = shardOf(key);
			const result = await serialized(
				async () => await service.checkProcessedAndRecord(entries, 'node', contextData, options),
			);
			return entries.map((entry) => result.processed.includes(entry));
		},
		async remove(key, entries) {
			const { contextData, serialized } = shardOf(key);
			await serialized(async () => await service.removeProcessed(entries, 'node', contextData, options));
		},
	};
}

const queues = new Map<string, Promise<unknown>>();

/**
 * n8n's store reads, changes and writes one row per node; two deliveries handled at once would
 * overwrite each other's record. Within a process, one change at a time per row, in the order
 * the changes were asked for.
 */
function serializerFor(scope: string) {
	return async <T>(work: () => Promise<T>): Promise<T> => {
		const previous = queues.get(scope) ?? Promise.resolve();
		const current = previous.then(work, work);
		const settled = current.catch(() => undefined);
		queues.set(scope, settled);
		try {
			return await current;
		} finally {
			if (queues.get(scope) === settled) queues.delete(scope);
		}
	};
}

function findN8nDeduplicationService(): DeduplicationService | undefined {
	try {
		const core = require('n8n-core') as {
			DataDeduplicationService?: { getInstance(): DeduplicationService };
		};
		return core.DataDeduplicationService?.getInstance();
	} catch {
		return undefined;
	}
}

const localEntries = new Map<string, Set<string>>();

/** Without n8n's store, duplicates are caught until n8n restarts. */
function processLocalStore(scope: string): ClaimStore {
	let entries = localEntries.get(scope);
	if (!entries) localEntries.set(scope, (entries = new Set()));
	const scoped = entries;
	return {
		async record(_key, recorded) {
			return recorded.map((entry) => {
				if (scoped.has(entry)) return true;
				if (scoped.size >= 2 * REMEMBERED_DELIVERIES) scoped.delete(scoped.values().next().value as string);
				scoped.add(entry);
				return false;
			});
		},
		async remove(_key, removed) {
			for (const entry of removed) scoped.delete(entry);
		},
	};
}
