import type { FaxDirection, FaxStatus } from '../FaxCore/FaxEvent';
import type { FaxRecord } from '../FaxCore/faxRecord';
import { toCount, toE164, toFaxError, toIdString, toIsoUtc } from '../FaxCore/normalize';

/** A Fax.Plus v3 fax record (https://apidoc.fax.plus/#tag/Faxes): webhook `data` and API records share it. */
export type FaxPlusFax = Record<string, unknown>;

/**
 * FaxStatus as Fax.Plus documents it: `success`, `partially_sent`, `partially_received`,
 * `insufficient_credit` and some twenty `failed_*` reasons. Other names are kept from earlier
 * readings of the API.
 */
const STATUSES: Record<string, FaxStatus> = {
	success: 'success',
	sent: 'success',
	received: 'success',
	delivered: 'success',
	completed: 'success',
	partially_sent: 'partial_success',
	partially_received: 'partial_success',
	partial_success: 'partial_success',
	insufficient_credit: 'failure',
	failed: 'failure',
	failure: 'failure',
	error: 'failure',
	queued: 'queued',
	scheduled: 'queued',
	pending: 'queued',
	sending: 'in_progress',
	converting: 'in_progress',
	in_progress: 'in_progress',
};

/** A Fax.Plus status, looked up by own keys only (`constructor` is no status); every `failed_*` is a failure. */
export function faxPlusStatus(value: unknown): FaxStatus | undefined {
	const name = String(value ?? '').toLowerCase();
	if (name.startsWith('failed')) return 'failure';
	return Object.hasOwn(STATUSES, name) ? STATUSES[name] : undefined;
}

/** What the caller knows besides the record: a webhook's event says direction and completion time. */
export interface FaxPlusFaxContext {
	direction: FaxDirection;
	defaultStatus: FaxStatus;
	completedAt: unknown;
	/** The page of a page event, instead of the record's page count. */
	pages?: number | null;
}

/** A Fax.Plus record as the normalized record. */
export function faxPlusFaxRecord(fax: FaxPlusFax, context: FaxPlusFaxContext): FaxRecord {
	return {
		provider: 'faxplus',
		faxId: toIdString(fax.id),
		direction: context.direction,
		status: faxPlusStatus(fax.status) ?? context.defaultStatus,
		from: toE164(fax.from ?? fax.from_number),
		to: toE164(fax.to ?? fax.to_number),
		pages: context.pages !== undefined ? context.pages : toCount(fax.pages),
		isTest: false,
		createdAt: toIsoUtc(fax.start_time),
		completedAt: toIsoUtc(context.completedAt),
		// Documented as "Fax cost (in pages)": a page count, not an amount of money.
		cost: null,
		error: toFaxError(null, fax.error_code, fax.error),
	};
}

/** A record read through the API: its `direction` (`incoming`/`outgoing`) or the list it came from. */
export function faxPlusApiRecord(fax: FaxPlusFax, category?: 'inbox' | 'sent'): FaxRecord {
	const direction = String(fax.direction ?? '').toLowerCase();
	const inbound = category ? category === 'inbox' : ['incoming', 'inbound', 'received', 'inbox'].includes(direction);
	const status = faxPlusStatus(fax.status);
	return faxPlusFaxRecord(fax, {
		direction: inbound ? 'inbound' : 'outbound',
		defaultStatus: inbound ? 'success' : 'queued',
		completedAt: status === 'success' || status === 'failure' || status === 'partial_success' ? fax.last_update : null,
	});
}
