import type { IDataObject } from 'n8n-workflow';

import { readFaxFormFields } from '../FaxCore/faxFormFields';
import type {
	FaxDelivery,
	FaxProviderAdapter,
	FetchedDocument,
	IncomingFaxRequest,
} from '../FaxCore/FaxProviderAdapter';
import { isRecord, toIdString } from '../FaxCore/normalize';
import { confirmFaxRecord, firstDownload } from '../FaxCore/providerRecords';
import { DEFAULT_BODY_LIMITS, type WebhookBody } from '../FaxCore/readWebhookRequest';
import { receivedFileFromBuffer, type ReceivedFile } from '../FaxCore/ReceivedFile';
import { hasBasicAuth } from '../FaxCore/requestSecurity';
import { checkWithCredentials } from '../FaxCore/webhookCredentials';
import { admitAllowedSource } from '../FaxCore/sourceAddress';
import { malformed, tooLarge, unauthorized } from '../FaxCore/WebhookRejection';
import { sinchApiRequest, type SinchFaxCredentials } from './sinchApi';
import { sinchFaxRecord } from './sinchFax';

/** Addresses Sinch fax notifications have been seen to come from (documented and reported). */
export const SINCH_WEBHOOK_IPS = '34.232.249.173, 44.226.9.173';

const MAX_DOCUMENT_BYTES = DEFAULT_BODY_LIMITS.maxFileBytes;

export const sinchAdapter: FaxProviderAdapter = {
	provider: 'sinch',
	acceptedFormats: ['json', 'multipart'],
	// Base64 makes a document a third larger in JSON.
	bodyLimits: { maxJsonBytes: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 1024 * 1024, maxFileBytes: MAX_DOCUMENT_BYTES },

	async admit(incoming) {
		await checkWithCredentials<SinchFaxCredentials, void>(
			incoming.context,
			'sinchFaxApi',
			({ webhookUsername, webhookPassword }) => {
				const basicAuthSet = Boolean(webhookUsername && webhookPassword);
				if (!basicAuthSet && !incoming.settings.allowedIps && incoming.settings.confirmWithApi !== true) {
					throw unauthorized(
						'No verification is configured: set the webhook username and password in the Sinch Fax credential',
					);
				}
				if (basicAuthSet && !hasBasicAuth(incoming.request.headers.authorization, webhookUsername!, webhookPassword!)) {
					throw unauthorized('Missing or wrong basic-auth credentials');
				}
			},
		);
		admitAllowedSource(incoming, incoming.settings.allowedIps ?? '', '');
	},

	parse(_incoming: IncomingFaxRequest, body: WebhookBody): FaxDelivery {
		const payload = body.format === 'json' ? jsonPayload(body.json) : multipartPayload(body);
		const { event: providerEvent, fax } = payload;
		const inbound = providerEvent === 'INCOMING_FAX';
		if (!inbound && providerEvent !== 'FAX_COMPLETED') {
			throw malformed(`Unknown Sinch event "${providerEvent.slice(0, 64)}"`);
		}
		const faxId = toIdString(fax.id);
		if (faxId === '') throw malformed('The Sinch payload has no fax.id');
		return {
			event: {
				...sinchFaxRecord(fax, { inbound, eventTime: payload.eventTime }),
				event: inbound ? 'fax.received' : 'fax.sent',
				providerEvent,
			},
			raw: payload.raw,
			deliveryKey: ['sinch', providerEvent, faxId].join(':'),
			document: payload.document,
		};
	},

	async confirm({ context, settings }, delivery) {
		if (settings.confirmWithApi !== true) return;
		await confirmFaxRecord(
			delivery,
			{ name: 'Sinch', container: 'Sinch project' },
			async () =>
				await sinchApiRequest(
					context,
					'GET',
					`/faxes/${encodeURIComponent(delivery.event.faxId)}`,
					'Confirming the fax with Sinch',
				),
			(fax, field) => fax[field] || undefined,
		);
	},

	async fetchDocument({ context, settings }, delivery): Promise<FetchedDocument> {
		const fax = (delivery.raw.fax ?? {}) as IDataObject;
		if (settings.downloadDocument === false || fax.hasFile !== true) return { file: null };
		const download = await firstDownload(
			['file.pdf', 'file'].map((path) => async () =>
				await sinchApiRequest<Buffer>(
					context,
					'GET',
					`/faxes/${encodeURIComponent(delivery.event.faxId)}/${path}`,
					'Downloading the fax document from Sinch',
					{ encoding: 'arraybuffer', json: false, headers: { accept: 'application/pdf' } },
				),
			),
			'pdf',
		);
		return download.file ? { file: download.file } : { file: null, error: (download.failure as Error).message };
	},
};

interface SinchPayload {
	event: string;
	eventTime: unknown;
	fax: Record<string, unknown>;
	raw: IDataObject;
	document: ReceivedFile | null;
}

/** `{ event, eventTime, fax, file, fileType }`, or `files: [{ file, fileType }]` on some senders. */
function jsonPayload(json: unknown): SinchPayload {
	if (!isRecord(json) || !isRecord(json.fax)) {
		throw malformed('Expected a Sinch fax webhook: a JSON object with "event" and "fax"');
	}
	const attached = Array.isArray(json.files) && isRecord(json.files[0]) ? json.files[0] : json;
	const base64 = attached.file;
	const document =
		typeof base64 === 'string' && base64 !== '' ? decodeDocument(base64, String(attached.fileType ?? 'PDF')) : null;
	// The item keeps the payload, not the document a second time as text.
	const { file: _file, files: _files, ...rest } = json;
	const raw: IDataObject = { ...(rest as IDataObject) };
	if (document) raw.file = `[${document.size} bytes, attached as binary data]`;
	return { event: String(json.event ?? ''), eventTime: json.eventTime, fax: json.fax, raw, document };
}

function multipartPayload(body: WebhookBody): SinchPayload {
	const { fields, fax, raw } = readFaxFormFields(body);
	return {
		event: fields.get('event') ?? '',
		eventTime: fields.get('eventTime'),
		fax,
		raw,
		document: body.files.find((file) => file.fieldName === 'file') ?? null,
	};
}

/** Decodes the base64 once, within the size limit; text with line breaks is read without them. */
function decodeDocument(base64: string, fileType: string): ReceivedFile {
	const content =
		decodeBase64(base64) ?? (/\s/.test(base64) ? decodeBase64(base64.replace(/\s+/g, '')) : undefined);
	if (!content) throw malformed('The "file" field is not valid base64');
	const extension = fileType.toLowerCase() === 'tiff' ? 'tiff' : 'pdf';
	return receivedFileFromBuffer('file', `fax.${extension}`, `application/${extension}`, content);
}

/** The bytes of canonical base64, or undefined when it is not. */
function decodeBase64(text: string): Buffer | undefined {
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	if (padding > 0 ? text.length % 4 !== 0 : text.length % 4 === 1) return undefined;
	const promisedBytes = padding > 0 ? (text.length / 4) * 3 - padding : Math.floor((text.length * 3) / 4);
	if (promisedBytes > MAX_DOCUMENT_BYTES) {
		// Line breaks count in the length, not in the document: the caller tries again without them.
		if (/\s/.test(text)) return undefined;
		throw tooLarge(`The document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
	}
	// Node's decoder skips or stops at any character outside the alphabet (it takes the URL-safe
	// one too), which leaves fewer bytes than the length promises: as strict as a pattern over
	// the text, at a tenth of the cost.
	const decoded = Buffer.from(text, 'base64');
	return decoded.length === promisedBytes ? decoded : undefined;
}
