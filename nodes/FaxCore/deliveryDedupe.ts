import { createHash } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * Remembers which provider events already started a run, so that a retried delivery is
 * acknowledged without starting another.
 *
 * n8n keeps nothing a webhook writes to static data, so the record lives in n8n's own
 * data-deduplication store (the database table behind the Remove Duplicates node): it survives
 * restarts and is shared by every main and webhook process. n8n does not hand that store to
 * webhook contexts; it is reached through the `n8n-core` module of the n8n that loaded this
 * package (n8n puts its own modules on the resolution path of community packages).
 */
export interface DeliveryLedger {
	/** Records the key; false when it was recorded before (a repeated delivery). */
	claim(key: string): Promise<boolean>;
	/** Forgets a claim whose run could not be started, so that the provider's retry gets through. */
	release(key: string): Promise<void>;
}

/** Provider retries span about three days; a busy fax line sees far fewer events than this. */
const REMEMBERED_DELIVERIES = 32_000;
/**
 * n8n's store keeps one row per node and rewrites it whole on every check, one check at a time.
 * Spreading the keys over a few rows keeps each row small and lets deliveries be checked in
 * parallel.
 */
const LEDGER_SHARDS = 16;

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

let ledgerOverride: ((context: IWebhookFunctions) => DeliveryLedger) | undefined;

/** Lets tests run the trigger outside n8n with a ledger of their own. */
export function useDeliveryLedger(factory: ((context: IWebhookFunctions) => DeliveryLedger) | undefined) {
	ledgerOverride = factory;
}

export function deliveryLedgerFor(context: IWebhookFunctions): DeliveryLedger {
	if (ledgerOverride) return ledgerOverride(context);
	const service = findN8nDeduplicationService();
	if (!service) return processLocalLedger(context);
	const workflowId = String(context.getWorkflow().id ?? '');
	const nodeId = context.getNode().id;
	const options = { mode: 'entries' as const, maxEntries: REMEMBERED_DELIVERIES / LEDGER_SHARDS };
	const shardOf = (key: string) => {
		const shard = createHash('sha256').update(key).digest()[0] % LEDGER_SHARDS;
		const contextData = { node: { id: `${nodeId}:fax-deliveries:${shard}` }, workflow: { id: workflowId } };
		return { contextData, serialized: serializerFor(`${workflowId}:${contextData.node.id}`) };
	};
	return {
		async claim(key) {
			const { contextData, serialized } = shardOf(key);
			const result = await serialized(
				async () => await service.checkProcessedAndRecord([key], 'node', contextData, options),
			);
			return result.new.length === 1;
		},
		async release(key) {
			const { contextData, serialized } = shardOf(key);
			await serialized(
				async () => await service.removeProcessed([key], 'node', contextData, options),
			);
		},
	};
}

const queues = new Map<string, Promise<unknown>>();

/**
 * n8n's store reads, changes and writes one row per node; two deliveries handled at once would
 * overwrite each other's record. Within a process, one change at a time per row.
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

const localClaims = new Map<string, Set<string>>();

/** Without n8n's store (an n8n older than 1.70), duplicates are caught until n8n restarts. */
function processLocalLedger(context: IWebhookFunctions): DeliveryLedger {
	const scope = `${String(context.getWorkflow().id ?? '')}:${context.getNode().id}`;
	let claims = localClaims.get(scope);
	if (!claims) localClaims.set(scope, (claims = new Set()));
	const scopedClaims = claims;
	return {
		async claim(key) {
			if (scopedClaims.has(key)) return false;
			if (scopedClaims.size >= REMEMBERED_DELIVERIES) {
				scopedClaims.delete(scopedClaims.values().next().value as string);
			}
			scopedClaims.add(key);
			return true;
		},
		async release(key) {
			scopedClaims.delete(key);
		},
	};
}
