import type { FaxEvent } from './FaxEvent';

/**
 * What a provider's fax record says about a fax, whoever asks: a trigger adds the event it was
 * told about, an action node reads the record through the API. Providers map their records to
 * this in one pure function each, shared by their adapter and their action node.
 */
export type FaxRecord = Omit<FaxEvent, 'event' | 'providerEvent'>;

/** `providerEvent` of items that come from the API rather than a webhook. */
export const API_RECORD_EVENT = 'api';

/** A record read through the API as the event the normalized item carries. */
export function recordAsEvent(record: FaxRecord): FaxEvent {
	return {
		...record,
		event: record.direction === 'inbound' ? 'fax.received' : 'fax.sent',
		providerEvent: API_RECORD_EVENT,
	};
}
