import type { FaxError, FaxStatus } from '../FaxCore/FaxEvent';
import type { FaxRecord } from '../FaxCore/faxRecord';
import { isRecord, toBoolean, toCost, toCount, toE164, toIdString, toIsoUtc, toTextOrNull } from '../FaxCore/normalize';

/** A Phaxio v2.1 fax object (https://www.phaxio.com/docs/api/v2.1/faxes/get_fax): webhooks and the API share it. */
export type PhaxioFax = Record<string, unknown>;

export interface PhaxioRecipient {
	phone_number?: string;
	status?: string;
	error_type?: string;
	error_id?: number | string;
	error_message?: string;
}

const PHAXIO_STATUSES: Record<string, FaxStatus> = {
	queued: 'queued',
	pendingbatch: 'queued',
	inprogress: 'in_progress',
	success: 'success',
	partialsuccess: 'partial_success',
	failure: 'failure',
};

/** A Phaxio status, looked up by own keys only (`constructor` is no status). */
export function phaxioStatus(value: unknown): FaxStatus | undefined {
	const name = String(value ?? '').toLowerCase();
	return Object.hasOwn(PHAXIO_STATUSES, name) ? PHAXIO_STATUSES[name] : undefined;
}

export function isPhaxioInbound(direction: unknown): boolean {
	const text = String(direction ?? '').toLowerCase();
	return text === 'received' || text === 'inbound';
}

export function phaxioRecipients(fax: PhaxioFax): PhaxioRecipient[] {
	return Array.isArray(fax.recipients) ? (fax.recipients.filter(isRecord) as PhaxioRecipient[]) : [];
}

/** What a webhook adds to the fax object: its own fields, used where the object says nothing. */
export interface PhaxioFaxContext {
	direction?: unknown;
	recipientNumber?: string;
	isTest?: unknown;
	/** The status when the object has none (a webhook's `success` field). */
	fallbackStatus: FaxStatus;
}

/** Phaxio's fax object as the normalized record; outbound faxes are described by their first recipient. */
export function phaxioFaxRecord(fax: PhaxioFax, context: PhaxioFaxContext): FaxRecord {
	const inbound = isPhaxioInbound(fax.direction ?? context.direction);
	const recipient = phaxioRecipients(fax)[0];
	const recipientNumber = context.recipientNumber ?? recipient?.phone_number;
	return {
		provider: 'phaxio',
		faxId: toIdString(fax.id),
		direction: inbound ? 'inbound' : 'outbound',
		status: phaxioStatus(fax.status) ?? context.fallbackStatus,
		from: toE164(inbound ? fax.from_number : (fax.caller_id ?? fax.from_number)),
		to: toE164(inbound ? fax.to_number : (recipientNumber ?? fax.to_number)),
		pages: toCount(fax.num_pages),
		isTest: toBoolean(fax.is_test ?? context.isTest),
		createdAt: toIsoUtc(fax.created_at),
		completedAt: toIsoUtc(fax.completed_at),
		cost: toCost(fax.cost, 'USD', 100),
		error: phaxioFaxError(fax, recipient),
	};
}

function phaxioFaxError(fax: PhaxioFax, recipient: PhaxioRecipient | undefined): FaxError | null {
	const type = toTextOrNull(fax.error_type ?? recipient?.error_type);
	const code = toTextOrNull(fax.error_id ?? recipient?.error_id);
	const message = toTextOrNull(fax.error_message ?? recipient?.error_message);
	return type || code || message ? { type, code, message } : null;
}

/**
 * One record per recipient of an outbound fax (Phaxio keeps one fax id for all the numbers it
 * was sent to, with a status each), else the fax's own record.
 */
export function phaxioRecipientRecords(fax: PhaxioFax): FaxRecord[] {
	const record = phaxioFaxRecord(fax, { fallbackStatus: 'queued' });
	const recipients = phaxioRecipients(fax);
	if (record.direction === 'inbound' || recipients.length < 2) return [record];
	return recipients.map((recipient) => ({
		...record,
		to: toE164(recipient.phone_number),
		status: phaxioStatus(recipient.status) ?? record.status,
		error: phaxioFaxError({}, recipient),
	}));
}
