import { createHash } from 'crypto';

import { computePhaxioSignature } from '../Phaxio/phaxioSignature';
import { multipartBody, type EncodedBody, type MultipartField } from './multipartBody';
import { samplePdf } from './samplePdf';

export type PhaxioSimulatedEvent = 'fax.received' | 'fax.sent' | 'fax.page_sent' | 'fax.retry_scheduled';

export interface PhaxioWebhookOptions {
	/** The URL the webhook is sent to and signed with, exactly as Phaxio would have it. */
	url: string;
	webhookToken: string;
	event: PhaxioSimulatedEvent;
	faxId?: number;
	document?: Buffer;
	from?: string;
	to?: string;
	page?: number;
	retryCount?: number;
	isTest?: boolean;
}

export interface SimulatedRequest extends EncodedBody {
	headers: Record<string, string>;
}

const EVENT_TYPES: Record<PhaxioSimulatedEvent, string> = {
	'fax.received': 'fax_completed',
	'fax.sent': 'fax_completed',
	'fax.page_sent': 'transmitting_page',
	'fax.retry_scheduled': 'retry_scheduled',
};

/** The fields of a Phaxio v2.1 webhook, in the order Phaxio sends them. */
export function phaxioWebhookFields(options: PhaxioWebhookOptions): MultipartField[] {
	const received = options.event === 'fax.received';
	const finished = options.event === 'fax.received' || options.event === 'fax.sent';
	const from = options.from ?? '+15551230001';
	const to = options.to ?? '+15559870002';
	const now = new Date();
	const fax = {
		id: options.faxId ?? Math.floor(Math.random() * 1e9),
		direction: received ? 'received' : 'sent',
		num_pages: 1,
		status: finished ? 'success' : 'inprogress',
		is_test: options.isTest ?? true,
		created_at: new Date(now.getTime() - 60_000).toISOString(),
		completed_at: finished ? now.toISOString() : null,
		cost: 7,
		from_number: received ? from : null,
		to_number: received ? to : null,
		caller_id: received ? null : from,
		caller_name: received ? 'n8n-nodes-fax simulator' : null,
		recipients: received
			? []
			: [{ phone_number: to, status: finished ? 'success' : 'inprogress', retry_count: options.retryCount ?? 0 }],
		tags: {},
		barcodes: [],
		error_type: null,
		error_message: null,
		error_id: null,
	};
	const fields: MultipartField[] = [
		{ name: 'success', value: 'true' },
		{ name: 'is_test', value: String(fax.is_test) },
		{ name: 'direction', value: fax.direction },
		{ name: 'fax', value: JSON.stringify(fax) },
		{ name: 'event_type', value: EVENT_TYPES[options.event] },
	];
	if (options.event === 'fax.page_sent') {
		fields.push({ name: 'page', value: String(options.page ?? 1) }, { name: 'recipient_phone_number', value: to });
	}
	if (options.event === 'fax.retry_scheduled') {
		fields.push(
			{ name: 'retry_count', value: String(options.retryCount ?? 1) },
			{ name: 'recipient_phone_number', value: to },
		);
	}
	return fields;
}

/** A Phaxio webhook request signed exactly as Phaxio signs it. */
export function phaxioWebhook(options: PhaxioWebhookOptions): SimulatedRequest {
	const fields = phaxioWebhookFields(options);
	const files =
		options.event === 'fax.received'
			? [{ name: 'file', fileName: 'fax.pdf', contentType: 'application/pdf', content: options.document ?? samplePdf() }]
			: [];
	const signature = computePhaxioSignature(
		options.webhookToken,
		options.url,
		fields,
		files.map((file) => ({
			fieldName: file.name,
			sha1: createHash('sha1').update(file.content).digest('hex'),
		})),
	);
	const encoded = multipartBody(fields, files);
	return { ...encoded, headers: { 'content-type': encoded.contentType, 'x-phaxio-signature': signature } };
}
