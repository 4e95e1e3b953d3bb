import { createHash } from 'crypto';

import { computePhaxioSignature } from '../Phaxio/phaxioSignature';
import { multipartBody, type EncodedBody, type MultipartField } from './multipartBody';
import { providerFixturePayload } from './providerFixtures';
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

/** The fixture (from Phaxio's documents) each simulated event starts from. */
const FIXTURES: Record<PhaxioSimulatedEvent, string> = {
	'fax.received': 'phaxio/received.json',
	'fax.sent': 'phaxio/fax_completed-sent-success.json',
	'fax.page_sent': 'phaxio/transmitting_page.json',
	'fax.retry_scheduled': 'phaxio/retry_scheduled.json',
};

interface PhaxioFixtureFax extends Record<string, unknown> {
	recipients?: Array<Record<string, unknown>> | null;
}

/**
 * The fields of a Phaxio v2.1 webhook in the order the fixture has them: the documented payload
 * with this simulation's fax id, numbers, test flag and times.
 */
export function phaxioWebhookFields(options: PhaxioWebhookOptions): MultipartField[] {
	const payload = providerFixturePayload<Record<string, unknown>>(FIXTURES[options.event]);
	const received = options.event === 'fax.received';
	const finished = options.event === 'fax.received' || options.event === 'fax.sent';
	const now = new Date();
	const fax = payload.fax as PhaxioFixtureFax;
	fax.id = options.faxId ?? Math.floor(Math.random() * 1e9);
	fax.is_test = options.isTest ?? true;
	fax.created_at = new Date(now.getTime() - 60_000).toISOString();
	fax.completed_at = finished ? now.toISOString() : null;
	if (!finished) {
		// The documented inflight fax was recorded while still queued; a simulated one is on the line.
		fax.status = 'inprogress';
		fax.num_pages = Math.max(Number(fax.num_pages) || 0, options.event === 'fax.page_sent' ? (options.page ?? 1) : 1);
	}
	const from = options.from ?? '+15551230001';
	const to = options.to ?? '+15559870002';
	if (received) {
		fax.from_number = from;
		fax.to_number = to;
	} else {
		fax.caller_id = from;
		const [recipient] = fax.recipients ?? [];
		if (recipient) {
			recipient.phone_number = to;
			recipient.retry_count = options.retryCount ?? recipient.retry_count;
			if (!finished) recipient.status = 'inprogress';
		}
		if ('recipient_phone_number' in payload) payload.recipient_phone_number = to;
		if ('page' in payload) payload.page = options.page ?? payload.page;
		if ('retry_count' in payload) payload.retry_count = options.retryCount ?? payload.retry_count;
	}
	return Object.entries(payload).map(([name, value]) => ({
		name,
		value: name === 'fax' ? JSON.stringify(value) : String(value),
	}));
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
