import { multipartBody, type EncodedBody } from './multipartBody';
import { samplePdf } from './samplePdf';

export type SinchSimulatedEvent = 'fax.received' | 'fax.sent';

export interface SinchWebhookOptions {
	event: SinchSimulatedEvent;
	encoding?: 'json' | 'multipart';
	faxId?: string;
	document?: Buffer | null;
	from?: string;
	to?: string;
	/** The basic-auth pair the trigger expects (the credential's webhook username and password). */
	username?: string;
	password?: string;
	/** JSON only: send the document as `files: [{ file, fileType }]`, as some senders do. */
	filesArray?: boolean;
}

/** A Sinch Fax v3 webhook (INCOMING_FAX or FAX_COMPLETED), JSON with base64 or multipart. */
export function sinchWebhook(options: SinchWebhookOptions): EncodedBody & { headers: Record<string, string> } {
	const inbound = options.event === 'fax.received';
	const now = new Date();
	const fax = {
		id: options.faxId ?? `01${Math.floor(Math.random() * 1e15).toString(36).toUpperCase()}`,
		direction: inbound ? 'INBOUND' : 'OUTBOUND',
		from: options.from ?? '+15551230001',
		to: options.to ?? '+15559870002',
		numberOfPages: 1,
		status: 'COMPLETED',
		price: { amount: '0.07', currencyCode: 'USD' },
		createTime: new Date(now.getTime() - 60_000).toISOString(),
		completedTime: now.toISOString(),
		projectId: 'simulated-project',
		serviceId: 'simulated-service',
		hasFile: false,
	};
	const event = inbound ? 'INCOMING_FAX' : 'FAX_COMPLETED';
	const document = options.document === undefined ? samplePdf() : options.document;
	let encoded: EncodedBody;
	if (options.encoding === 'multipart') {
		encoded = multipartBody(
			[
				{ name: 'event', value: event },
				{ name: 'eventTime', value: now.toISOString() },
				{ name: 'fax', value: JSON.stringify(fax) },
			],
			document ? [{ name: 'file', fileName: `${fax.id}.pdf`, contentType: 'application/pdf', content: document }] : [],
		);
	} else {
		const attachment = document ? { file: document.toString('base64'), fileType: 'PDF' } : {};
		const payload = options.filesArray
			? { event, eventTime: now.toISOString(), fax, files: document ? [attachment] : [] }
			: { event, eventTime: now.toISOString(), fax, ...attachment };
		encoded = { contentType: 'application/json', body: Buffer.from(JSON.stringify(payload)) };
	}
	const headers: Record<string, string> = { 'content-type': encoded.contentType };
	if (options.username !== undefined) {
		headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
	}
	return { ...encoded, headers };
}
