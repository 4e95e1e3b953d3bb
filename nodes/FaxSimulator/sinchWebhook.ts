import { multipartBody, type EncodedBody } from './multipartBody';
import { providerFixturePayload } from './providerFixtures';
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

/** The fixtures (Sinch's documented examples) each event and encoding starts from. */
const FIXTURES = {
	'fax.received': { json: 'sinch/incoming_fax.json.json', multipart: 'sinch/incoming_fax.multipart.json' },
	'fax.sent': { json: 'sinch/fax_completed.json.json', multipart: 'sinch/fax_completed.multipart.json' },
};

type SinchPayload = Record<string, unknown> & { event: string; fax: Record<string, unknown> };

/**
 * A Sinch Fax v3 webhook (INCOMING_FAX or FAX_COMPLETED), JSON with base64 or multipart: the
 * documented example with this simulation's fax id, numbers, times and document.
 */
export function sinchWebhook(options: SinchWebhookOptions): EncodedBody & { headers: Record<string, string> } {
	const inbound = options.event === 'fax.received';
	const encoding = options.encoding === 'multipart' ? 'multipart' : 'json';
	const payload = providerFixturePayload<SinchPayload>(FIXTURES[options.event][encoding]);
	const now = new Date();
	Object.assign(payload.fax, {
		id: options.faxId ?? `01${Math.floor(Math.random() * 1e15).toString(36).toUpperCase()}`,
		// The documented FAX_COMPLETED example says INBOUND; a completed sent fax is OUTBOUND.
		direction: inbound ? 'INBOUND' : 'OUTBOUND',
		from: options.from ?? '+15551230001',
		to: options.to ?? '+15559870002',
		createTime: new Date(now.getTime() - 60_000).toISOString(),
		completedTime: now.toISOString(),
	});
	payload.eventTime = now.toISOString();
	const document = options.document === undefined ? samplePdf() : options.document;
	const fax = payload.fax;
	let encoded: EncodedBody;
	if (encoding === 'multipart') {
		encoded = multipartBody(
			[
				{ name: 'event', value: payload.event },
				{ name: 'eventTime', value: String(payload.eventTime) },
				{ name: 'fax', value: JSON.stringify(fax) },
			],
			document ? [{ name: 'file', fileName: `${String(fax.id)}.pdf`, contentType: 'application/pdf', content: document }] : [],
		);
	} else {
		const { file: _file, fileType: _fileType, files: _files, ...rest } = payload;
		const attachment = document ? { file: document.toString('base64'), fileType: 'PDF' } : undefined;
		// As documented: INCOMING_FAX carries `file`, FAX_COMPLETED a `files` array.
		const filesArray = options.filesArray ?? Array.isArray(payload.files);
		const body = filesArray ? { ...rest, files: attachment ? [attachment] : [] } : { ...rest, ...attachment };
		encoded = { contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) };
	}
	const headers: Record<string, string> = { 'content-type': encoded.contentType };
	if (options.username !== undefined) {
		headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
	}
	return { ...encoded, headers };
}
