import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { FaxEvent, FaxProvider } from './FaxEvent';
import type { FileHashes, ReceivedFile } from './ReceivedFile';
import type { BodyFormat, BodyLimits, WebhookBody, WebhookHttpRequest } from './readWebhookRequest';

export interface IncomingFaxRequest {
	context: IWebhookFunctions;
	request: WebhookHttpRequest;
	/** The trigger's `settings` collection, read once per request. */
	settings: IDataObject;
}

export interface FaxDelivery {
	event: FaxEvent;
	raw: IDataObject;
	/** The provider's identity of this event: a repeated delivery has the same key. */
	deliveryKey: string;
	/** The document the request itself carried, if any. */
	document: ReceivedFile | null;
}

export interface FetchedDocument {
	file: ReceivedFile | null;
	/** Why the document is missing, for the item; the run still starts. */
	error?: string;
}

/**
 * Everything one provider needs on the road every request takes (see handleFaxWebhook).
 * Each step throws a WebhookRejection to refuse the request.
 */
export interface FaxProviderAdapter {
	provider: FaxProvider;
	acceptedFormats: BodyFormat[];
	bodyLimits?: Partial<BodyLimits>;
	/** The file hashes the checks need besides the item's SHA-256. */
	fileHashes?: FileHashes;
	/** Checks that need no body (source address, basic auth): run before the body is read. */
	admit?(incoming: IncomingFaxRequest): Promise<void>;
	/** Checks over the body (a signature). */
	verify?(incoming: IncomingFaxRequest, body: WebhookBody): Promise<void>;
	parse(incoming: IncomingFaxRequest, body: WebhookBody): FaxDelivery;
	/** Confirms a parsed event with the provider before a run starts (optional look-up). */
	confirm?(incoming: IncomingFaxRequest, delivery: FaxDelivery): Promise<void>;
	/** Fetches a document the request did not carry, by the fax's id, from the provider's API. */
	fetchDocument?(incoming: IncomingFaxRequest, delivery: FaxDelivery): Promise<FetchedDocument>;
}
