import type { IWebhookFunctions } from 'n8n-workflow';

import type { DeliveryLedger } from '../../nodes/FaxCore/deliveryDedupe';

/**
 * The ledger over a stand-in for n8n's data-deduplication store, with the store's own contract
 * (record-and-report, remove; one row per node context). "Restarting n8n" loads the ledger
 * module afresh, losing everything in memory, while the store keeps its rows.
 */
class DeduplicationStore {
	readonly rows = new Map<string, Set<string>>();
	failing = false;

	async checkProcessedAndRecord(items: string[], _scope: 'node', context: { node: { id: string } }) {
		if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
		const row = this.row(context.node.id);
		const processed = items.filter((item) => row.has(item));
		for (const item of items) row.add(item);
		return { new: items.filter((item) => !processed.includes(item)), processed };
	}

	async removeProcessed(items: string[], _scope: 'node', context: { node: { id: string } }) {
		if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
		for (const item of items) this.row(context.node.id).delete(item);
	}

	private row(id: string) {
		let row = this.rows.get(id);
		if (!row) this.rows.set(id, (row = new Set()));
		return row;
	}
}

const context = {
	getWorkflow: () => ({ id: 'wf-1' }),
	getNode: () => ({ id: 'node-1', name: 'Phaxio Trigger' }),
} as unknown as IWebhookFunctions;

/** A fresh n8n process: the ledger module loaded anew, reaching the same store through n8n-core. */
function startN8n(store: DeduplicationStore): DeliveryLedger {
	let ledger!: DeliveryLedger;
	jest.isolateModules(() => {
		jest.doMock('n8n-core', () => ({ DataDeduplicationService: { getInstance: () => store } }), { virtual: true });
		const { deliveryLedgerFor } = require('../../nodes/FaxCore/deliveryDedupe') as typeof import('../../nodes/FaxCore/deliveryDedupe');
		ledger = deliveryLedgerFor(context);
	});
	return ledger;
}

describe('the delivery ledger in n8n\'s deduplication store', () => {
	it('takes a delivery once, holds its retries while it is handled, and calls them duplicates once answered', async () => {
		const ledger = startN8n(new DeduplicationStore());
		expect(await ledger.claim('phaxio:1:fax_completed')).toBe('new');
		expect(await ledger.claim('phaxio:1:fax_completed')).toBe('inProgress');
		await ledger.answered('phaxio:1:fax_completed');
		expect(await ledger.claim('phaxio:1:fax_completed')).toBe('duplicate');
		expect(await ledger.claim('phaxio:2:fax_completed')).toBe('new');
	});

	it('remembers answered deliveries across a restart', async () => {
		const store = new DeduplicationStore();
		const before = startN8n(store);
		await before.claim('k');
		await before.answered('k');
		expect(await startN8n(store).claim('k')).toBe('duplicate');
	});

	it('starts again a delivery whose n8n died before answering it, and only once', async () => {
		const store = new DeduplicationStore();
		expect(await startN8n(store).claim('k')).toBe('new');
		// n8n was killed here: claimed, never answered.
		const restarted = startN8n(store);
		expect(await restarted.claim('k')).toBe('new');
		expect(await restarted.claim('k')).toBe('inProgress');
		await restarted.answered('k');
		expect(await startN8n(store).claim('k')).toBe('duplicate');
	});

	it('survives a second crash during the restarted run', async () => {
		const store = new DeduplicationStore();
		await startN8n(store).claim('k');
		expect(await startN8n(store).claim('k')).toBe('new');
		expect(await startN8n(store).claim('k')).toBe('new');
	});

	it('forgets a released delivery, so that its retry starts a run', async () => {
		const ledger = startN8n(new DeduplicationStore());
		await ledger.claim('k');
		await ledger.release('k');
		expect(await ledger.claim('k')).toBe('new');
		await ledger.answered('k');
		await ledger.release('k');
		expect(await ledger.claim('k')).toBe('new');
	});

	it('lets a retry that arrives the moment n8n answered see that answer', async () => {
		const ledger = startN8n(new DeduplicationStore());
		await ledger.claim('failed');
		const released = ledger.release('failed');
		expect(await ledger.claim('failed')).toBe('new');
		await released;
		await ledger.claim('ok');
		const answered = ledger.answered('ok');
		expect(await ledger.claim('ok')).toBe('duplicate');
		await answered;
	});

	it('fails the claim when the store cannot be reached, and lets the next delivery try again', async () => {
		const store = new DeduplicationStore();
		const ledger = startN8n(store);
		store.failing = true;
		await expect(ledger.claim('k')).rejects.toThrow('SQLITE_BUSY');
		store.failing = false;
		expect(await ledger.claim('k')).toBe('new');
	});

	it('keeps both entries of a delivery in the same row of the store', async () => {
		const store = new DeduplicationStore();
		const ledger = startN8n(store);
		for (const key of ['a', 'b', 'c', 'd']) {
			await ledger.claim(key);
			await ledger.answered(key);
		}
		for (const row of store.rows.values()) {
			for (const entry of row) expect(row.has(entry.replace(/#answered$/, ''))).toBe(true);
		}
		expect([...store.rows.values()].reduce((sum, row) => sum + row.size, 0)).toBe(8);
	});
});
