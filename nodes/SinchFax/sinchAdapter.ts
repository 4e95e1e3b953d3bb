import type { IDataObject } from 'n8n-workflow';

import { readFaxFormFields } from '../FaxCore/faxFormFields';
import type {
	FaxDelivery,
	FaxProviderAdapter,
	FetchedDocument,
	IncomingFaxRequest,
} from '../FaxCore/FaxProviderAdapter';
import { isRecord, toIdString } from '../FaxCore/normalize';
import { decodeBase64Document } from '../FaxCore/base64Document';
import { confirmFaxRecord, firstDownload } from '../FaxCore/providerRecords';
import { DEFAULT_BODY_LIMITS, type WebhookBody } from '../FaxCore/readWebhookRequest';
import { receivedFileFromBuffer, type ReceivedFile } from '../FaxCore/ReceivedFile';
import { hasBasicAuth } from '../FaxCore/requestSecurity';
import { checkWithCredentials } from '../FaxCore/webhookCredentials';
import { admitAllowedSource, allowedSourcesFrom, allowedSourcesProblem } from '../FaxCore/sourceAddress';
import { malformed, unauthorized } from '../FaxCore/WebhookRejection';
import { sinchApiRequest, type SinchFaxCredentials } from './sinchApi';
import { sinchFaxRecord } from './sinchFax';
import { pointSinchServiceHere, restoreSinchService, sinchServicePointsHere } from './sinchService';

/** Addresses Sinch fax notifications have been seen to come from (documented and reported). */
export const SINCH_WEBHOOK_IPS = '34.232.249.173, 44.226.9.173';

const MAX_DOCUMENT_BYTES = DEFAULT_BODY_LIMITS.maxFileBytes;

/** The webhook basic-auth pair, when the credential has both halves. */
function webhookBasicAuth({ webhookUsername, webhookPassword }: Partial<SinchFaxCredentials>) {
	return webhookUsername && webhookPassword ? { username: webhookUsername, password: webhookPassword } : null;
}

export const sinchAdapter: FaxProviderAdapter = {
	provider: 'sinch',
	events: [
		{
			name: 'Fax Received',
			value: 'fax.received',
			description: 'A fax arrived on a number of the service (INCOMING_FAX)',
		},
		{
			name: 'Fax Sent',
			value: 'fax.sent',
			description: "A fax you sent finished (FAX_COMPLETED): send it with this node's URL as callbackUrl",
		},
	],
	// Sinch signs nothing: basic auth in the URL it is given, its addresses, or an API look-up.
	verification: {
		credentialType: 'sinchFaxApi',
		problem(credentials, { allowedIps, confirmWithApi }) {
			const { webhookUsername, webhookPassword } = credentials as Partial<SinchFaxCredentials>;
			if (Boolean(webhookUsername) !== Boolean(webhookPassword)) {
				return 'The Sinch Fax credential has only half of the webhook basic-auth pair: set both Webhook Username and Webhook Password.';
			}
			const invalid = allowedSourcesProblem(allowedIps);
			if (invalid !== null) return invalid;
			if (!webhookBasicAuth(credentials) && allowedSourcesFrom(allowedIps) === null && confirmWithApi !== true) {
				return 'Sinch signs nothing: set a Webhook Username and Webhook Password in the Sinch Fax credential (recommended), or the Allowed IPs or Confirm With API option.';
			}
			return null;
		},
	},
	acceptedFormats: ['json', 'multipart'],
	// Base64 makes a document a third larger in JSON.
	bodyLimits: { maxJsonBytes: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 1024 * 1024, maxFileBytes: MAX_DOCUMENT_BYTES },
	registration: {
		checkExists: async (context) => await sinchServicePointsHere.call(context),
		create: async (context) => await pointSinchServiceHere.call(context),
		delete: async (context) => await restoreSinchService.call(context),
	},

	async admit(incoming) {
		await checkWithCredentials<SinchFaxCredentials, void>(incoming.context, 'sinchFaxApi', (credentials) => {
			const basicAuth = webhookBasicAuth(credentials);
			if (basicAuth && !hasBasicAuth(incoming.request.headers.authorization, basicAuth.username, basicAuth.password)) {
				throw unauthorized('Missing or wrong basic-auth credentials');
			}
		});
		admitAllowedSource(incoming, allowedSourcesFrom(incoming.settings.allowedIps));
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

function decodeDocument(base64: string, fileType: string): ReceivedFile {
	const extension = fileType.toLowerCase() === 'tiff' ? 'tiff' : 'pdf';
	const content = decodeBase64Document(base64, MAX_DOCUMENT_BYTES);
	return receivedFileFromBuffer('file', `fax.${extension}`, `application/${extension}`, content);
}
