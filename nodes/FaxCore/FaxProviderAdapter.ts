import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { FaxEvent, FaxEventName } from './FaxEvent';
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

/** One choice of the trigger's `events` parameter. */
export interface FaxTriggerEvent {
	value: FaxEventName;
	name: string;
	description: string;
}

/**
 * The one owner of "which verification is configured", asked at activation and before every
 * request. It decides on parsed values, never on raw text: a blank or unparsable setting does
 * not count as a check.
 */
export interface FaxVerification {
	/** The credential whose fields the checks use, read for the decision. */
	credentialType?: string;
	/**
	 * What to set (which field or option) when no usable check is configured, or null when the
	 * request can be verified. Shown to the user at activation and sent with each 401.
	 */
	problem(credentials: ICredentialDataDecryptedObject, settings: IDataObject): string | null;
}

/** The provider side of activation: registering the trigger's URL with the provider's API. */
export interface FaxWebhookRegistration {
	checkExists(context: IHookFunctions): Promise<boolean>;
	create(context: IHookFunctions): Promise<boolean>;
	delete(context: IHookFunctions): Promise<boolean>;
}

/**
 * Everything one provider needs: its events, how a request is verified, how its payload maps to
 * a FaxEvent, registration and document fetch. The core owns the road every request takes (see
 * handleFaxWebhook) and the node shell (see defineFaxTrigger). Each step throws a
 * WebhookRejection to refuse the request.
 */
export interface FaxProviderAdapter {
	/** The provider's name in every item (`provider`). */
	provider: string;
	events: FaxTriggerEvent[];
	verification: FaxVerification;
	acceptedFormats: BodyFormat[];
	bodyLimits?: Partial<BodyLimits>;
	/** The file hashes the checks need besides the item's SHA-256. */
	fileHashes?: FileHashes;
	/** Keep the body's bytes as received (`body.raw`), for a signature over the whole body. */
	keepRawBody?: boolean;
	registration?: FaxWebhookRegistration;
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
