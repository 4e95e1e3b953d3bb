import type { FaxEvent, FaxEventName, FaxStatus } from '../FaxCore/FaxEvent';
import type { FaxDelivery, FaxProviderAdapter, IncomingFaxRequest } from '../FaxCore/FaxProviderAdapter';
import { readFaxFormFields } from '../FaxCore/faxFormFields';
import { checkWithCredentials } from '../FaxCore/webhookCredentials';
import { toBoolean, toCount, toIdString } from '../FaxCore/normalize';
import { providerFacingUrl, withAndWithoutCredentials } from '../FaxCore/providerFacingUrl';
import type { WebhookBody } from '../FaxCore/readWebhookRequest';
import type { ReceivedFile } from '../FaxCore/ReceivedFile';
import { malformed, unauthorized } from '../FaxCore/WebhookRejection';
import { isPhaxioInbound, phaxioFaxRecord, phaxioRecipients } from './phaxioFax';
import { PHAXIO_SIGNATURE_HEADER, verifyPhaxioSignature, type SignedFile } from './phaxioSignature';

/** Phaxio names the received document `file` (API v2) or `filename` (API v1). */
const DOCUMENT_PARTS = ['file', 'filename'];

function signedFiles(files: ReceivedFile[]): SignedFile[] {
	return files.map(({ fieldName, sha1 }) => {
		if (sha1 === undefined) throw new Error('The request was read without the SHA-1 Phaxio signs');
		return { fieldName, sha1 };
	});
}

export const phaxioAdapter: FaxProviderAdapter = {
	provider: 'phaxio',
	events: [
		{
			name: 'Fax Received',
			value: 'fax.received',
			description: 'A fax arrived on one of your Phaxio numbers; the PDF comes with it',
		},
		{
			name: 'Fax Retry Scheduled',
			value: 'fax.retry_scheduled',
			description: 'A fax you sent failed and will be retried (turn on inflight events in the Phaxio console)',
		},
		{
			name: 'Fax Sent',
			value: 'fax.sent',
			description: 'A fax you sent finished, successfully or not',
		},
		{
			name: 'Page Sent',
			value: 'fax.page_sent',
			description: 'A page of a fax you are sending went through (turn on inflight events in the Phaxio console)',
		},
	],
	verification: {
		credentialType: 'phaxioApi',
		problem({ webhookToken }, { publicUrl }) {
			if (typeof webhookToken !== 'string' || webhookToken.trim() === '') {
				return 'Copy the webhook token from the webhook settings page of the Phaxio console into the "Webhook Token" field of the Phaxio credential: every delivery is signed with it.';
			}
			if (typeof publicUrl === 'string' && publicUrl.trim() !== '' && !URL.canParse(publicUrl.trim())) {
				return 'The Public URL option is not a valid URL: enter the full URL given to Phaxio, starting with https://, or remove the option.';
			}
			return null;
		},
	},
	acceptedFormats: ['multipart'],
	// The signature covers each file's SHA-1.
	fileHashes: { sha1: true },

	async verify({ context, request, settings }: IncomingFaxRequest, body: WebhookBody) {
		const signature = request.headers[PHAXIO_SIGNATURE_HEADER];
		if (typeof signature !== 'string' || signature === '') {
			throw unauthorized('Missing X-Phaxio-Signature header');
		}
		const publicUrl = typeof settings.publicUrl === 'string' ? settings.publicUrl.trim() : '';
		const urls = publicUrl
			? withAndWithoutCredentials(publicUrl)
			: [
					providerFacingUrl(
						context.getNodeWebhookUrl('default') ?? '',
						(request as { originalUrl?: string }).originalUrl ?? request.url ?? '/',
					),
				];
		const files = signedFiles(body.files);
		await checkWithCredentials<{ webhookToken?: string }, void>(
			context,
			'phaxioApi',
			({ webhookToken = '' }) => {
				if (!verifyPhaxioSignature({ webhookToken, signature, urls, fields: body.fields, files })) {
					throw unauthorized(
						'Invalid X-Phaxio-Signature: the webhook token or the signed URL does not match',
					);
				}
			},
		);
	},

	parse(_incoming: IncomingFaxRequest, body: WebhookBody): FaxDelivery {
		const { fields, fax, raw } = readFaxFormFields(body);
		const faxId = toIdString(fax.id);
		if (faxId === '') throw malformed('The "fax" field has no id');

		const eventType = fields.get('event_type') || 'fax_completed';
		const inbound = isPhaxioInbound(fax.direction ?? fields.get('direction'));
		const event = normalizedEventName(eventType, inbound);
		const recipientNumber = fields.get('recipient_phone_number') ?? phaxioRecipients(fax)[0]?.phone_number;
		const record = phaxioFaxRecord(fax, {
			direction: fields.get('direction'),
			recipientNumber,
			isTest: fields.get('is_test'),
			fallbackStatus: fallbackStatus(fields),
		});

		const normalized: FaxEvent = {
			...record,
			event,
			providerEvent: eventType,
			pages: eventType === 'transmitting_page' ? toCount(fields.get('page')) : record.pages,
		};

		return {
			event: normalized,
			raw,
			deliveryKey: deliveryKey(faxId, eventType, fields, recipientNumber),
			document: inbound ? (body.files.find((file) => DOCUMENT_PARTS.includes(file.fieldName)) ?? null) : null,
		};
	},
};

function normalizedEventName(eventType: string, inbound: boolean): FaxEventName {
	switch (eventType) {
		case 'fax_completed':
			return inbound ? 'fax.received' : 'fax.sent';
		case 'transmitting_page':
			return 'fax.page_sent';
		case 'retry_scheduled':
			return 'fax.retry_scheduled';
		default:
			throw malformed(`Unknown Phaxio event_type "${eventType.slice(0, 64)}"`);
	}
}

function fallbackStatus(fields: Map<string, string>): FaxStatus {
	const success = fields.get('success');
	if (success === undefined) return 'in_progress';
	return toBoolean(success) ? 'success' : 'failure';
}

/** Phaxio retries the same event with the same fax id; inflight events differ by page or attempt. */
function deliveryKey(
	faxId: string,
	eventType: string,
	fields: Map<string, string>,
	recipientNumber: string | undefined,
): string {
	const parts = ['phaxio', faxId, eventType];
	if (eventType === 'transmitting_page') parts.push(fields.get('page') ?? '', recipientNumber ?? '');
	if (eventType === 'retry_scheduled') parts.push(fields.get('retry_count') ?? '', recipientNumber ?? '');
	return parts.join(':');
}
