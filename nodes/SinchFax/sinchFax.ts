import type { FaxStatus } from '../FaxCore/FaxEvent';
import type { FaxRecord } from '../FaxCore/faxRecord';
import { isRecord, toBoolean, toCost, toCount, toE164, toFaxError, toIdString, toIsoUtc } from '../FaxCore/normalize';

/** A Sinch Fax v3 fax object (https://developers.sinch.com/docs/fax/api-reference/fax/faxes): webhooks and the API share it. */
export type SinchFax = Record<string, unknown>;

const STATUSES: Record<string, FaxStatus> = {
	QUEUED: 'queued',
	IN_PROGRESS: 'in_progress',
	COMPLETED: 'success',
	SUCCESS: 'success',
	PARTIAL_SUCCESS: 'partial_success',
	FAILURE: 'failure',
	FAILED: 'failure',
};

/** A Sinch status, looked up by own keys only. */
function sinchStatus(value: unknown): FaxStatus | undefined {
	const name = String(value ?? '').toUpperCase();
	return Object.hasOwn(STATUSES, name) ? STATUSES[name] : undefined;
}

/** What a webhook knows besides the fax object: its event says the direction, its time the completion. */
export interface SinchFaxContext {
	inbound?: boolean;
	eventTime?: unknown;
}

/** Sinch's fax object as the normalized record. */
export function sinchFaxRecord(fax: SinchFax, context: SinchFaxContext = {}): FaxRecord {
	const inbound = context.inbound ?? String(fax.direction ?? '').toUpperCase() === 'INBOUND';
	const price = isRecord(fax.price) ? fax.price : {};
	return {
		provider: 'sinch',
		faxId: toIdString(fax.id),
		direction: inbound ? 'inbound' : 'outbound',
		status: sinchStatus(fax.status) ?? (inbound ? 'success' : 'failure'),
		from: toE164(fax.from),
		to: toE164(fax.to),
		pages: toCount(fax.numberOfPages),
		isTest: toBoolean(fax.isTest),
		createdAt: toIsoUtc(fax.createTime),
		completedAt: toIsoUtc(fax.completedTime ?? context.eventTime),
		cost: toCost(price.amount, price.currencyCode),
		error: toFaxError(fax.errorType, fax.errorCode, fax.errorMessage),
	};
}
