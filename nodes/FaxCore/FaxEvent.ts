import type { IDataObject } from 'n8n-workflow';

export type FaxEventName =
	| 'fax.received'
	| 'fax.sent'
	| 'fax.page_received'
	| 'fax.page_sent'
	| 'fax.retry_scheduled'
	/** A reception that failed (a fax server reports it; cloud providers send no such event). */
	| 'fax.failed';

export type FaxDirection = 'inbound' | 'outbound';

export type FaxStatus = 'queued' | 'in_progress' | 'success' | 'partial_success' | 'failure';

export interface FaxCost {
	amount: number;
	currency: string;
}

export interface FaxError {
	type: string | null;
	code: string | null;
	message: string | null;
}

export interface FaxDocument {
	fileName: string;
	mimeType: string;
	size: number;
	sha256: string;
	/** The type the document arrived in, when the trigger converted it (a TIFF turned into a PDF). */
	originalMimeType?: string;
}

/** What an adapter knows about one event; the core adds the document and the raw payload. */
export interface FaxEvent {
	/** The adapter's provider name: `phaxio`, `faxplus`, `sinch`, `faxserver`, … */
	provider: string;
	event: FaxEventName;
	providerEvent: string;
	faxId: string;
	direction: FaxDirection;
	status: FaxStatus;
	from: string;
	to: string;
	pages: number | null;
	isTest: boolean;
	createdAt: string | null;
	completedAt: string | null;
	cost: FaxCost | null;
	error: FaxError | null;
}

/** The `json` of every item a fax trigger emits, whatever the provider. */
export interface FaxItemJson extends FaxEvent {
	document: FaxDocument | null;
	/** Why a document the event should have is missing (a failed download). */
	documentError: string | null;
	raw?: IDataObject;
}

export function buildFaxItemJson(
	event: FaxEvent,
	document: FaxDocument | null,
	documentError: string | null,
	raw: IDataObject | undefined,
): FaxItemJson {
	const item: FaxItemJson = {
		provider: event.provider,
		event: event.event,
		providerEvent: event.providerEvent,
		faxId: event.faxId,
		direction: event.direction,
		status: event.status,
		from: event.from,
		to: event.to,
		pages: event.pages,
		isTest: event.isTest,
		createdAt: event.createdAt,
		completedAt: event.completedAt,
		cost: event.cost,
		error: event.error,
		document,
		documentError,
	};
	if (raw !== undefined) item.raw = raw;
	return item;
}
